import { compactVerify, createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { SigningKeys, TokenUse } from '../keys/signing-keys.store';
import type { LocalCognitoUrls } from '../local-cognito.urls';
import type { Clock } from '../support/clock';

/** Checks that a JWT was issued here: our signature for its token use, our issuer, not expired. */
export class IssuedTokenVerifier {
  constructor(
    private readonly keys: SigningKeys,
    private readonly urls: LocalCognitoUrls,
    private readonly clock: Clock,
  ) {}

  /** The payload of a valid token of this use, or undefined for anything else. */
  async verify(token: string, tokenUse: TokenUse): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(
        token,
        createLocalJWKSet({ keys: this.keys.publicKeys(tokenUse) }),
        {
          issuer: this.urls.issuer,
          algorithms: ['RS256'],
          currentDate: new Date(this.clock.now()),
        },
      );
      return payload.token_use === tokenUse ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whether the string carries our signature (an ID or access token, expired or not), e.g. at /revoke. */
  async isOwnJwt(token: string): Promise<boolean> {
    try {
      await compactVerify(token, createLocalJWKSet({ keys: this.keys.publicKeys() }), {
        algorithms: ['RS256'],
      });
      return true;
    } catch {
      return false;
    }
  }
}
