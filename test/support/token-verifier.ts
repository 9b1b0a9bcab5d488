import type { CognitoConfig } from '../../src/config/config-slices';
import { TokenVerifier } from '../../src/auth/tokens/token-verifier.service';

/**
 * A TokenVerifier for a user pool at `pool` (a test's or a benchmark's JWKS server), with the
 * resilience settings the app uses when none is set (see load-app-config.ts).
 */
export function verifierFor(
  pool: Pick<CognitoConfig, 'domain' | 'issuer' | 'jwksUri' | 'clientId'>,
): TokenVerifier {
  return new TokenVerifier(
    { ...pool, clientSecret: 'x', scopes: [] },
    {
      jwksCacheSeconds: 600,
      jwksMaxStaleSeconds: 86400,
      jwksUnknownKidPenaltySeconds: 10,
      refreshOutageGraceSeconds: 300,
      revocationRetrySeconds: 60,
      revocationCheckSeconds: 30,
    },
  );
}
