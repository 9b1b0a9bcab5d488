import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { readJsonFile, writeJsonFile } from '../support/state-files';

/**
 * `DATA_DIR/local-cognito/signing-keys.json` holds the private RS256 signing keys as a JWK set.
 * Tests of other modules read it to forge tokens, so this format is a contract:
 *
 * ```json
 * {
 *   "keys": [
 *     {
 *       "kty": "RSA", "n": "…", "e": "AQAB", "d": "…", "p": "…", "q": "…", "dp": "…", "dq": "…", "qi": "…",
 *       "kid": "hW4Fq0m+…/…=",          // standard base64 (may hold + / =), as Cognito's kids do
 *       "alg": "RS256",
 *       "use": "sig",
 *       "token_use": "id",               // "id": signs ID tokens; "access": signs access tokens
 *       "created_at": "2025-01-01T00:00:00.000Z"
 *     }
 *   ]
 * }
 * ```
 *
 * Keys are in creation order; the last key of each `token_use` signs new tokens, and every key is
 * published (public part only) in the JWKS. To forge a token: take the newest key with the wanted
 * `token_use`, `importJWK(key, 'RS256')`, and sign with the protected header `{ kid, alg: 'RS256' }`.
 * `rotate-keys` appends one key per use; `remove-old-keys` keeps only the newest per use. A running
 * server reads the file at start, so a rotation takes effect when it restarts.
 */
export type TokenUse = 'id' | 'access';

export const TOKEN_USES: readonly TokenUse[] = ['id', 'access'];
export const SIGNING_KEYS_FILE = 'signing-keys.json';

export interface StoredSigningKey extends JWK {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
  token_use: TokenUse;
  created_at: string;
}

export interface PublicSigningKey {
  kid: string;
  alg: 'RS256';
  kty: 'RSA';
  e: string;
  n: string;
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

const PRIVATE_RSA_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

async function generateSigningKey(tokenUse: TokenUse): Promise<StoredSigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  if (jwk.n === undefined || jwk.e === undefined)
    throw new Error('RSA key export lost its modulus');
  return {
    ...jwk,
    kty: 'RSA',
    n: jwk.n,
    e: jwk.e,
    kid: randomBytes(32).toString('base64'),
    alg: 'RS256',
    use: 'sig',
    token_use: tokenUse,
    created_at: new Date().toISOString(),
  };
}

function isStoredSigningKey(value: unknown): value is StoredSigningKey {
  const key = value as Partial<StoredSigningKey> | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    key.kty === 'RSA' &&
    typeof key.n === 'string' &&
    typeof key.e === 'string' &&
    typeof key.kid === 'string' &&
    key.alg === 'RS256' &&
    (key.token_use === 'id' || key.token_use === 'access') &&
    PRIVATE_RSA_MEMBERS.every((member) => typeof key[member] === 'string')
  );
}

function newestPerUse(keys: StoredSigningKey[]): StoredSigningKey[] {
  return TOKEN_USES.map((use) => keys.filter((key) => key.token_use === use).at(-1)).filter(
    (key): key is StoredSigningKey => key !== undefined,
  );
}

/** Reads and writes signing-keys.json; shared by the server (via SigningKeys) and the CLI. */
export class SigningKeysFile {
  constructor(private readonly stateDir: string) {}

  get path(): string {
    return join(this.stateDir, SIGNING_KEYS_FILE);
  }

  /** The stored keys, creating one per token use on first run (or when one is missing). */
  async loadOrCreate(): Promise<StoredSigningKey[]> {
    const keys = await this.read();
    const missing = TOKEN_USES.filter((use) => !keys.some((key) => key.token_use === use));
    if (missing.length === 0) return keys;
    const completed = [...keys, ...(await Promise.all(missing.map(generateSigningKey)))];
    await writeJsonFile(this.path, { keys: completed });
    return completed;
  }

  /** Adds a new key per token use; new tokens will be signed with it, old kids stay published. */
  async rotate(): Promise<StoredSigningKey[]> {
    const keys = await this.loadOrCreate();
    const added = await Promise.all(TOKEN_USES.map(generateSigningKey));
    await writeJsonFile(this.path, { keys: [...keys, ...added] });
    return added;
  }

  /** Keeps only the newest key per token use; returns the removed ones. */
  async removeOld(): Promise<StoredSigningKey[]> {
    const keys = await this.loadOrCreate();
    const kept = newestPerUse(keys);
    await writeJsonFile(this.path, { keys: kept });
    return keys.filter((key) => !kept.includes(key));
  }

  private async read(): Promise<StoredSigningKey[]> {
    const content = (await readJsonFile(this.path)) as { keys?: unknown } | undefined;
    if (content === undefined) return [];
    if (!Array.isArray(content.keys) || !content.keys.every(isStoredSigningKey)) {
      throw new Error(
        `${this.path} is not a JWK set of RS256 signing keys with token_use id/access`,
      );
    }
    return content.keys;
  }
}

/** The keys a running server signs and verifies with, loaded once at start. */
export class SigningKeys {
  private constructor(
    private readonly stored: StoredSigningKey[],
    private readonly privateKeys: Map<string, CryptoKey>,
  ) {}

  static async open(stateDir: string): Promise<SigningKeys> {
    const stored = await new SigningKeysFile(stateDir).loadOrCreate();
    const privateKeys = new Map<string, CryptoKey>();
    for (const key of newestPerUse(stored)) {
      privateKeys.set(key.kid, await importJWK(key, 'RS256'));
    }
    return new SigningKeys(stored, privateKeys);
  }

  /** The newest key for a token use: the one that signs new tokens. */
  signingKey(tokenUse: TokenUse): SigningKey {
    const newest = newestPerUse(this.stored).find((key) => key.token_use === tokenUse);
    const privateKey = newest && this.privateKeys.get(newest.kid);
    if (!newest || !privateKey) throw new Error(`No ${tokenUse} signing key`);
    return { kid: newest.kid, privateKey };
  }

  /** Public halves of every key (old ones too, so tokens signed before a rotation still verify). */
  publicKeys(tokenUse?: TokenUse): PublicSigningKey[] {
    return this.stored
      .filter((key) => tokenUse === undefined || key.token_use === tokenUse)
      .map((key) => ({ kid: key.kid, alg: 'RS256', kty: 'RSA', e: key.e, n: key.n, use: 'sig' }));
  }
}
