// Jest runs the suites it timed before slowest first; on a fresh clone it has no timings and
// orders them by file size, so a minute-long suite may start last and run alone at the end.
// These suites are known to be long (a browser, a built app in a child process, real timeouts):
// they start first, and the short ones fill the workers around them. Two browsers and two built
// apps lead, rather than four browsers at once, which would slow each other on two cores.
const Sequencer = require('@jest/test-sequencer').default;

const SLOW = [
  /test\/browser\/journey\./,
  /test\/production\/production-start\./,
  /test\/production\/file-handles\./,
  /test\/browser\/sharing\./,
  /test\/standalone\/startup\./,
  /test\/auth\/session-store\./,
  /test\/browser\//,
  /test\/production\//,
  /test\/standalone\//,
  /test\/database\//,
  /test\/photos\/upload-intake\./,
  /test\/auth\/(jwks-faults|revoked-at-cognito)\./,
];

const rank = (path) => {
  const index = SLOW.findIndex((pattern) => pattern.test(path));
  return index === -1 ? SLOW.length : index;
};

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const timed = super.sort(tests);
    const known = (test) => this._getCache(test)[test.path] !== undefined;
    if (timed.every(known)) return timed; // Jest's own timings are better than this list
    return [...timed].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = SlowFirstSequencer;
