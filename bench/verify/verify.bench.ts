/**
 * Access-token verifications per second: our TokenVerifier beside aws-jwt-verify's
 * CognitoJwtVerifier, on the same tokens, in one process and one run:
 *   - valid:  200 distinct valid access tokens, verified in turn (as API clients reuse their
 *             token: ours answers repeats from its verified-token cache)
 *   - unique: 6,000 other distinct valid tokens in a cycle, more than ours keeps, or remembers
 *             having verified once (5,000), so every verification of ours misses its cache
 *             and checks the RSA signature
 *   - mixed:  the 200 with one in five broken (expired, tampered signature, another client, an
 *             unknown kid, not a JWT), as an API under probing sees them
 * Both verifiers hold the JWKS already (each fetched it once from the same loopback endpoint), so only verification is timed. Each run times every
 * (verifier, workload) pair for `seconds` each, in 100 ms slices taken in turn (so a change in
 * the machine's load hits both alike); ratios are worked out within a run and shown as median and
 * range over runs.
 *
 *   node --require ./bench/register.js bench/verify/verify.bench.ts [--runs 5] [--seconds 2]
 *     [--workloads valid,unique,mixed]
 *
 * Loopback only (a JWKS endpoint on 127.0.0.1); about runs × 4 × seconds.
 */
import { generateKeyPair } from 'jose';
import { randomUUID, webcrypto } from 'node:crypto';
import { parseArgs } from 'node:util';
import { machine } from '../support/figures';
import {
  awsVerifier,
  benchKeys,
  ourVerifier,
  signAccessToken,
  type Verify,
} from './bench-verifiers';

type CryptoKey = webcrypto.CryptoKey;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    workloads: { type: 'string', default: 'valid,unique,mixed' },
  },
});
const WORKLOADS = new Set(args.workloads.split(','));
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);
const SLICE_MS = 100;
const TOKENS = 200;
const UNIQUE_TOKENS = 6_000;

interface Contender {
  name: string;
  /** Resolves to true when the token was accepted, false when refused. */
  verify(token: string): Promise<boolean>;
}

async function tokens(
  key: CryptoKey,
  stranger: CryptoKey,
): Promise<{ valid: string[]; unique: string[]; mixed: string[] }> {
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, options: { key?: CryptoKey; kid?: string } = {}) =>
    signAccessToken(options.key ?? key, claims, options.kid);
  const signed = await Promise.all(Array.from({ length: TOKENS + UNIQUE_TOKENS }, () => sign({})));
  // Apart from the valid ones: those are cached by the time the unique workload runs.
  const valid = signed.slice(0, TOKENS);
  const unique = signed.slice(TOKENS);
  const broken = [
    () => sign({ exp: now - 60, iat: now - 3660 }),
    async () => {
      const token = await sign({});
      return token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    },
    () => sign({ client_id: 'someone-else' }),
    () => sign({}, { kid: randomUUID(), key: stranger }),
    () => Promise.resolve('not.a-jwt'),
  ];
  const mixed = await Promise.all(
    valid.map((token, i) =>
      i % 5 === 4 ? broken[((i / 5) % broken.length) | 0]() : Promise.resolve(token),
    ),
  );
  return { valid, unique, mixed };
}

/**
 * Verifications a second of each contender on `list`, measured side by side: SECONDS each, in
 * slices of SLICE_MS taken in turn (A B B A …), so a change in the machine's load lands on both
 * alike. Each contender walks the list in order, on from where its last pass on this list
 * stopped (`cursors`, kept across runs): every token comes back after exactly `list.length`
 * verifications, so a cycle longer than our cache keeps or remembers leaves every verification
 * a miss. First, one pass (one whole cycle) each checks how many tokens it accepts.
 */
async function ratesSideBySide(
  contenders: Contender[],
  list: string[],
  expectAccepted: number,
  cursors: Map<Contender, number>,
): Promise<Map<string, number>> {
  const next = (contender: Contender) => {
    const at = cursors.get(contender) ?? 0;
    cursors.set(contender, (at + 1) % list.length);
    return list[at];
  };
  for (const contender of contenders) {
    let accepted = 0;
    for (let i = 0; i < list.length; i++) if (await contender.verify(next(contender))) accepted++;
    if (accepted !== expectAccepted)
      throw new Error(
        `${contender.name} accepted ${accepted} of ${list.length}, not ${expectAccepted}`,
      );
  }
  const states = contenders.map((contender) => ({ contender, done: 0, ns: 0n }));
  const slices = Math.max(2, Math.round((SECONDS * 1000) / SLICE_MS));
  const sliceNs = BigInt(SLICE_MS * 1e6);
  for (let slice = 0; slice < slices; slice++) {
    for (const state of slice % 2 ? [...states].reverse() : states) {
      const started = process.hrtime.bigint();
      const until = started + sliceNs;
      while (process.hrtime.bigint() < until) {
        for (let i = 0; i < 20; i++) await state.contender.verify(next(state.contender));
        state.done += 20;
      }
      state.ns += process.hrtime.bigint() - started;
    }
  }
  return new Map(states.map((s) => [s.contender.name, s.done / (Number(s.ns) / 1e9)]));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const stranger = await generateKeyPair('RS256');
  const keys = await benchKeys();
  try {
    const { valid, unique, mixed } = await tokens(keys.privateKey, stranger.privateKey);
    const validInMixed = mixed.filter((token, i) => token === valid[i]).length;
    const accepts = (verify: Verify) => (token: string) =>
      verify(token).then(
        () => true,
        () => false,
      );
    const contenders: Contender[] = [
      { name: 'ours (TokenVerifier)', verify: accepts(await ourVerifier(keys.jwksUrl, valid[0])) },
      { name: 'aws-jwt-verify', verify: accepts(await awsVerifier(keys.jwksUrl)) },
    ];

    console.log(machine());
    console.log(
      `${TOKENS} tokens (unique: ${UNIQUE_TOKENS}) per workload, ${RUNS} runs, ${SECONDS} s per measurement\n`,
    );
    const ratios: Record<string, number[]> = { valid: [], unique: [], mixed: [] };
    const cursors = {
      valid: new Map<Contender, number>(),
      unique: new Map<Contender, number>(),
      mixed: new Map<Contender, number>(),
    };
    const rates: Record<string, number[]> = {};
    for (let run = 1; run <= RUNS; run++) {
      const order = run % 2 ? contenders : [...contenders].reverse();
      const line: string[] = [];
      for (const [workload, list, accepted] of [
        ['valid', valid, valid.length],
        ['unique', unique, unique.length],
        ['mixed', mixed, validInMixed],
      ] as const) {
        if (!WORKLOADS.has(workload)) continue;
        const measured = await ratesSideBySide(order, list, accepted, cursors[workload]);
        const ratio = measured.get(contenders[0].name)! / measured.get(contenders[1].name)!;
        ratios[workload].push(ratio);
        for (const [name, value] of measured) (rates[`${workload} ${name}`] ??= []).push(value);
        line.push(
          `${workload}: ours ${fmt(measured.get(contenders[0].name)!)}/s, aws ${fmt(measured.get(contenders[1].name)!)}/s, ${ratio.toFixed(2)}x`,
        );
      }
      console.log(`run ${run}  ${line.join('   ')}`);
    }
    console.log('');
    for (const [key, values] of Object.entries(rates))
      console.log(
        `${key.padEnd(32)} median ${fmt(median(values)).padStart(7)}/s  (${fmt(Math.min(...values))}–${fmt(Math.max(...values))})`,
      );
    for (const [workload, values] of Object.entries(ratios).filter(([, v]) => v.length > 0))
      console.log(
        `ours / aws-jwt-verify, ${workload.padEnd(6)} median ${median(values).toFixed(2)}x  (range ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} over ${RUNS} runs)`,
      );
  } finally {
    keys.close(); // also when a contender's check fails, or the process would stay up
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
