/**
 * One verifier alone on the bench's `unique` workload (6,000 distinct valid access tokens in a
 * cycle), with a CPU profile of the timed loop only (signing the tokens is left out), for what a
 * first verification costs:
 *
 *   node --require ./bench/register.js bench/verify/unique-workload.ts \
 *     --verifier ours|aws [--seconds 4] [--profile /tmp/unique-ours.cpuprofile]
 *   node --require ./bench/register.js bench/support/profile-top.ts /tmp/unique-ours.cpuprofile
 *
 * Loopback only (a JWKS endpoint on 127.0.0.1).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { awsVerifier, benchKeys, ourVerifier, signAccessToken } from './bench-verifiers';

const { values: args } = parseArgs({
  options: {
    verifier: { type: 'string', default: 'ours' },
    seconds: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const keys = await benchKeys();
  const tokens = await Promise.all(
    Array.from({ length: 6_000 }, () => signAccessToken(keys.privateKey)),
  );
  const verify =
    args.verifier === 'aws'
      ? await awsVerifier(keys.jwksUrl)
      : await ourVerifier(keys.jwksUrl, tokens[0]);
  const profiler = new Session();
  if (args.profile) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const until = Date.now() + Number(args.seconds) * 1000;
  const cpuBefore = process.cpuUsage();
  let done = 0;
  while (Date.now() < until) {
    for (let i = 0; i < 20; i++) await verify(tokens[(done + i) % tokens.length]);
    done += 20;
  }
  if (args.profile) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(args.profile, JSON.stringify(profile));
    profiler.disconnect();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // On a shared machine the rate per CPU second (this process's) is the steadier figure.
  console.log(
    `${args.verifier}: ${Math.round(done / Number(args.seconds))} verifications/s, ` +
      `${Math.round(done / cpuSeconds)} per CPU second`,
  );
  keys.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
