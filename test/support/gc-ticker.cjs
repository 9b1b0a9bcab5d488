// Preloaded (node --expose-gc --require) into an app process under test: collects garbage every
// 200 ms, so that anything left to the garbage collector (a FileHandle, above all, which Node 26
// treats as a fatal error) is collected while the test still watches the process.
const timer = setInterval(() => globalThis.gc(), 200);
timer.unref();
