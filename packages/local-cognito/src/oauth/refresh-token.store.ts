import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Clock } from '../support/clock';
import { SerialWriter, readJsonFile, writeJsonFile } from '../support/state-files';

/** What a refresh token stands for; every token minted from it shares its origin_jti. */
export interface RefreshGrant {
  clientId: string;
  sub: string;
  scopes: string[];
  authTime: number;
  eventId: string;
  originJti: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

interface StoredRefreshToken extends RefreshGrant {
  /** SHA-256 of the token: the file never holds a usable token. */
  tokenHash: string;
  revoked: boolean;
}

export const REFRESH_TOKENS_FILE = 'refresh-tokens.json';
/**
 * Revoked records are kept this long past their expiry: access tokens (at most one day long) minted
 * from a revoked refresh token must keep failing at userInfo until they expire themselves.
 */
const KEEP_REVOKED_MS = 24 * 3600 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Cognito's refresh tokens are opaque JWEs (docs/COGNITO.md §7.4). Ours have the same five-part shape and
 * header, but every other part is random: unforgeable, meaningful only to this store.
 */
function newOpaqueToken(): string {
  const header = Buffer.from(
    JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }),
  ).toString('base64url');
  const parts = [256, 12, 96, 16].map((bytes) => randomBytes(bytes).toString('base64url'));
  return [header, ...parts].join('.');
}

/**
 * Refresh tokens, persisted (as hashes) in `DATA_DIR/local-cognito/refresh-tokens.json` so that app
 * sessions keep refreshing across restarts of the local Cognito.
 */
export class RefreshTokenStore {
  private readonly writer = new SerialWriter();

  private constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private records: StoredRefreshToken[],
  ) {}

  static async open(stateDir: string, clock: Clock): Promise<RefreshTokenStore> {
    const path = join(stateDir, REFRESH_TOKENS_FILE);
    const content = (await readJsonFile(path)) as { tokens?: StoredRefreshToken[] } | undefined;
    return new RefreshTokenStore(path, clock, Array.isArray(content?.tokens) ? content.tokens : []);
  }

  async issue(grant: RefreshGrant): Promise<string> {
    const token = newOpaqueToken();
    this.records.push({ ...grant, tokenHash: hashToken(token), revoked: false });
    await this.save();
    return token;
  }

  /** The grant behind a usable token: known, not revoked, not expired. */
  findActive(token: string): RefreshGrant | undefined {
    const record = this.find(token);
    return record && !record.revoked && record.expiresAt > this.clock.now() ? record : undefined;
  }

  /** Any token this store ever issued and still remembers, usable or not. */
  find(token: string): (RefreshGrant & { revoked: boolean }) | undefined {
    const hash = hashToken(token);
    return this.records.find((record) => record.tokenHash === hash);
  }

  /** Revokes the refresh token with this origin_jti, and with it every token minted from it. */
  async revokeFamily(originJti: string): Promise<void> {
    this.records
      .filter((record) => record.originJti === originJti)
      .forEach((record) => (record.revoked = true));
    await this.save();
  }

  /**
   * Revokes every refresh token (and with it every token minted from it) that the test picks:
   * a user's tokens for GlobalSignOut, a deleted client's or pool's tokens.
   */
  async revokeWhere(matches: (grant: RefreshGrant) => boolean): Promise<void> {
    this.records.filter(matches).forEach((record) => (record.revoked = true));
    await this.save();
  }

  async revokeClients(clientIds: string[]): Promise<void> {
    await this.revokeWhere((grant) => clientIds.includes(grant.clientId));
  }

  isFamilyRevoked(originJti: string): boolean {
    return this.records.some((record) => record.originJti === originJti && record.revoked);
  }

  private save(): Promise<void> {
    const now = this.clock.now();
    this.records = this.records.filter((record) =>
      record.revoked ? record.expiresAt + KEEP_REVOKED_MS > now : record.expiresAt > now,
    );
    return this.writer.run(() => writeJsonFile(this.path, { tokens: this.records }));
  }
}
