import { compactVerify, createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { TokenUse } from '../keys/signing-keys.store';
import type { LocalCognitoUrls } from '../local-cognito.urls';
import type { UserPool } from '../pools/user-pool';
import type { UserPools } from '../pools/user-pools';
import type { Clock } from '../support/clock';

/** A token checked as ours, with the pool whose keys signed it. */
export interface VerifiedToken {
  payload: JWTPayload;
  pool: UserPool;
}

/**
 * Checks that a JWT was issued here: the signature of its pool's key for its token use, that
 * pool's issuer, not expired. The (unverified) `iss` only picks which pool's keys to try.
 */
export class IssuedTokenVerifier {
  constructor(
    private readonly pools: UserPools,
    private readonly urls: LocalCognitoUrls,
    private readonly clock: Clock,
  ) {}

  /** The payload of a valid token of this use, or undefined for anything else. */
  async verify(token: string, tokenUse: TokenUse): Promise<JWTPayload | undefined> {
    return (await this.verifyWithPool(token, tokenUse))?.payload;
  }

  async verifyWithPool(token: string, tokenUse: TokenUse): Promise<VerifiedToken | undefined> {
    const pool = this.claimedPool(token);
    if (!pool) return undefined;
    try {
      const { payload } = await jwtVerify(
        token,
        createLocalJWKSet({ keys: pool.keys.publicKeys(tokenUse) }),
        {
          issuer: this.urls.issuerFor(pool.id),
          algorithms: ['RS256'],
          currentDate: new Date(this.clock.now()),
        },
      );
      return payload.token_use === tokenUse ? { payload, pool } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the string carries our signature (an ID or access token, expired or not), e.g. at /revoke. */
  async isOwnJwt(token: string): Promise<boolean> {
    const pool = this.claimedPool(token);
    if (!pool) return false;
    try {
      await compactVerify(token, createLocalJWKSet({ keys: pool.keys.publicKeys() }), {
        algorithms: ['RS256'],
      });
      return true;
    } catch {
      return false;
    }
  }

  private claimedPool(token: string): UserPool | undefined {
    try {
      const { iss } = decodeJwt(token);
      return typeof iss === 'string' ? this.pools.find(this.urls.poolIdOf(iss)) : undefined;
    } catch {
      return undefined;
    }
  }
}
