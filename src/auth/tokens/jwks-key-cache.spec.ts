import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JwksKeyCache, JwksUnavailableError } from './jwks-key-cache';
import { InvalidTokenError } from './token-claims';

type Mode = 'ok' | 'down' | 'hang';

/** A JWKS endpoint over real HTTP whose keys and health a test can change. */
class JwksEndpoint {
  mode: Mode = 'ok';
  keys: JsonWebKey[] = [];
  fetches = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<JwksEndpoint> {
    const holder: { endpoint?: JwksEndpoint } = {};
    const server = createServer((_req, res) => {
      const endpoint = holder.endpoint!;
      endpoint.fetches++;
      if (endpoint.mode === 'hang') return; // never answers
      if (endpoint.mode === 'down') {
        res.statusCode = 503;
        res.end('down');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: endpoint.keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.endpoint = new JwksEndpoint(server, `http://127.0.0.1:${port}/jwks.json`);
    return holder.endpoint;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function rsaJwk(kid: string): JsonWebKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const MINUTE = 60_000;

describe('JwksKeyCache', () => {
  let endpoint: JwksEndpoint;
  let clock: number;
  let cache: JwksKeyCache;
  const current = rsaJwk('current');
  const next = rsaJwk('next');

  beforeAll(async () => {
    endpoint = await JwksEndpoint.start();
  });
  afterAll(() => endpoint.close());

  beforeEach(() => {
    endpoint.mode = 'ok';
    endpoint.keys = [current];
    endpoint.fetches = 0;
    clock = 1_000_000;
    cache = new JwksKeyCache({
      jwksUri: endpoint.url,
      maxAgeMs: 10 * MINUTE,
      maxStaleMs: 60 * MINUTE,
      unknownKidPenaltyMs: 10_000,
      timeoutMs: 300,
      retryAfterFailureMs: 1_000,
      now: () => clock,
    });
  });

  /**
   * Waits until `done()` holds, as a background fetch started by the last call lands: polled
   * rather than a fixed pause, which a loaded machine can outlast (up to 5 s, then it fails).
   */
  async function eventually(done: () => boolean): Promise<void> {
    for (const deadline = Date.now() + 5_000; !done();) {
      if (Date.now() > deadline) throw new Error('the background fetch never landed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('keeps a ready KeyObject per kid: one fetch serves every later call', async () => {
    const key = await cache.key('current');
    expect(key.asymmetricKeyType).toBe('rsa');
    for (let i = 0; i < 100; i++) expect(cache.cachedKey('current')).toBe(key);
    expect(endpoint.fetches).toBe(1);
  });

  it('refuses an unknown kid at once inside the penalty window, without fetching', async () => {
    await cache.key('current');
    for (let i = 0; i < 50; i++) {
      clock += 100;
      await expect(cache.key(`junk-${i}`)).rejects.toBeInstanceOf(InvalidTokenError);
    }
    expect(endpoint.fetches).toBe(1);
    clock += 10_000;
    await expect(cache.key('junk-after')).rejects.toBeInstanceOf(InvalidTokenError);
    expect(endpoint.fetches).toBe(2);
  });

  it('shares one fetch among concurrent callers with unknown kids', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => cache.key(`junk-${i}`)),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(endpoint.fetches).toBe(1);
    await expect(cache.key('current')).resolves.toBeDefined();
    expect(endpoint.fetches).toBe(1);
  });

  it('picks up a rotated key once the penalty window is over', async () => {
    await cache.key('current');
    endpoint.keys = [current, next];
    clock += 10_001;
    await expect(cache.key('next')).resolves.toBeDefined();
  });

  it.each<Mode>(['down', 'hang'])(
    'serves a known key past the cache age, at once, while the endpoint is %s',
    async (mode) => {
      await cache.key('current');
      endpoint.mode = mode;
      clock += 30 * MINUTE;
      const started = Date.now();
      for (let i = 0; i < 20; i++) {
        clock += 200;
        expect(cache.cachedKey('current')).toBeDefined();
        await expect(cache.key('current')).resolves.toBeDefined();
      }
      // Waiting on the fetch would take its 300 ms timeout per call (6 s in all); the bound leaves
      // room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(3000);
      await new Promise((resolve) => setTimeout(resolve, 400)); // the background fetch times out
      expect(cache.cachedKey('current')).toBeDefined();
    },
  );

  it('refreshes a stale set in the background, so a removed key stops working', async () => {
    await cache.key('current');
    endpoint.keys = [next];
    clock += 11 * MINUTE;
    expect(cache.cachedKey('current')).toBeDefined(); // served while the refetch runs
    await eventually(() => cache.cachedKey('next') !== undefined);
    expect(cache.cachedKey('current')).toBeUndefined();
    expect(cache.cachedKey('next')).toBeDefined();
  });

  it('answers JwksUnavailableError (not an invalid token) when nothing is cached and the endpoint is down', async () => {
    endpoint.mode = 'down';
    await expect(cache.key('current')).rejects.toBeInstanceOf(JwksUnavailableError);
    endpoint.mode = 'hang';
    clock += 1_001;
    await expect(cache.key('current')).rejects.toBeInstanceOf(JwksUnavailableError);
  });

  it('stops trusting a set it could not refresh for longer than the stale limit', async () => {
    await cache.key('current');
    endpoint.mode = 'down';
    clock += 61 * MINUTE;
    await expect(cache.key('current')).rejects.toBeInstanceOf(JwksUnavailableError);
    endpoint.mode = 'ok';
    clock += 1_001;
    await expect(cache.key('current')).resolves.toBeDefined();
  });
});
