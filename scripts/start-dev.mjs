// `npm run start:dev`: tsc recompiles src/ into a fresh dist/ on every change; once its first
// compile is done, `node --watch` runs the app and restarts it whenever a file it loaded from dist/
// changes. Ctrl-C reaches both children (same terminal process group); this script waits for them.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const tscBin = fileURLToPath(import.meta.resolve('typescript/bin/tsc'));
const COMPILED = /Found \d+ errors?\. Watching for file changes/;

rmSync('dist', { recursive: true, force: true }); // no output of a deleted source left behind
const tsc = spawn(
  process.execPath,
  [tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
/** @type {import('node:child_process').ChildProcess | undefined} */
let app;
tsc.stdout.on('data', (/** @type {Buffer} */ chunk) => {
  process.stdout.write(chunk);
  if (app || !COMPILED.test(String(chunk))) return;
  app = spawn(process.execPath, ['--watch', 'dist/main.js'], { stdio: 'inherit' });
  app.on('exit', (code) => {
    tsc.kill('SIGTERM');
    process.exitCode = code ?? 0;
  });
});
tsc.on('exit', (code) => {
  if (!app) process.exitCode = code ?? 1;
});

process.on('SIGINT', () => {}); // the children got it too; wait for them to stop
process.on('SIGTERM', () => {
  tsc.kill('SIGTERM');
  app?.kill('SIGTERM');
});
