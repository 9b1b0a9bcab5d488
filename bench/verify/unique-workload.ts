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
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { verifierFor } from '../../test/support/token-verifier';

const { values: args } = parseArgs({
  options: {
    verifier: { type: 'string', default: 'ours' },
    seconds: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});
const USER_POOL_ID = 'us-east-1_Bench';
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const CLIENT_ID = 'bench-client';
const KID = 'bench-key';

async function main(): Promise<void> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const now = Math.floor(Date.now() / 1000);
  const tokens = await Promise.all(
    Array.from({ length: 6_000 }, () =>
      new SignJWT({
        sub: randomUUID(),
        client_id: CLIENT_ID,
        token_use: 'access',
        scope: 'openid email profile',
        username: 'bench',
        origin_jti: randomUUID(),
        jti: randomUUID(),
        iat: now,
        exp: now + 3600,
        iss: ISSUER,
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .sign(pair.privateKey),
    ),
  );
  let verify: (token: string) => Promise<unknown>;
  if (args.verifier === 'aws') {
    const loopback = { fetch: () => fetch(jwksUrl).then((response) => response.arrayBuffer()) };
    const aws = CognitoJwtVerifier.create(
      { userPoolId: USER_POOL_ID, tokenUse: 'access', clientId: CLIENT_ID },
      { jwksCache: new SimpleJwksCache({ fetcher: loopback }) },
    );
    await aws.hydrate();
    verify = (token) => aws.verify(token);
  } else {
    const ours = verifierFor({
      domain: 'http://127.0.0.1',
      issuer: ISSUER,
      jwksUri: jwksUrl,
      clientId: CLIENT_ID,
    });
    await ours.verifyAccessToken(tokens[0]);
    verify = (token) => ours.verifyAccessToken(token);
  }
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
  server.close();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
