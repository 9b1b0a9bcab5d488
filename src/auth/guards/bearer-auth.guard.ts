import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticatedUser } from '../authenticated-user';
import { SignInRevocations } from '../revocation/sign-in-revocations';
import { JwksUnavailableError } from '../tokens/jwks-key-cache';
import { AccessTokenClaims, InvalidTokenError } from '../tokens/token-claims';
import { TokenVerifier } from '../tokens/token-verifier.service';

/** A Bearer access token was presented and refused (invalid, expired or revoked). */
export class BearerTokenException extends UnauthorizedException {}

/**
 * No Bearer access token at all (no Authorization header, or another scheme). RFC 6750 §3.1: the
 * challenge then carries no error code, since the client may simply not know a token is needed.
 */
export class MissingBearerTokenException extends BearerTokenException {}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const INVALID_TOKEN = 'The access token is invalid or expired.';

/** Seconds an API client is asked to wait when the token cannot be checked for now. */
const JWKS_RETRY_AFTER_SECONDS = 5;

/** The protection space every API challenge names (RFC 6750 §3, RFC 7235 §2.2). */
const REALM = 'Bearer realm="photos"';

/** RFC 6750 §3: the challenge to a request that presented no access token; no error code. */
export const BEARER_CHALLENGE = REALM;

/**
 * RFC 6750 §3.1: the presented token is refused; a new one is needed. The description is one of
 * our fixed messages, never the verifier's reason; quotes and backslashes are not allowed in it.
 */
export const invalidTokenChallenge = (description: string): string =>
  `${REALM}, error="invalid_token", error_description="${description.replace(/[^\x20-\x7e]|["\\]/g, '')}"`;

/** RFC 6750 §3.1: the token is good but lacks `scopes`; a token with them would do. */
export const scopeChallenge = (scopes: string[]): string =>
  `${REALM}, error="insufficient_scope", scope="${scopes.join(' ')}"`;

export type ApiRequest = Request & {
  user?: AuthenticatedUser;
  accessToken?: string;
  accessTokenClaims?: AccessTokenClaims;
};

/** For the JSON API: a Cognito access token for this app client, verified offline. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly logger = new Logger(BearerAuthGuard.name);

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly revocations: SignInRevocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ApiRequest>();
    await this.authenticate(context, req);
    await this.refuseRevokedWrite(req);
    return true;
  }

  /**
   * Writes need a sign-in that has not ended: the access tokens of a signed-out session, or of a
   * refresh token revoked at Cognito, pass every offline check until they expire, so writes (on
   * any instance) look the sign-in up in the shared denylist and ask Cognito (SignInRevocations).
   * Reads skip both and may work until the token expires.
   */
  private async refuseRevokedWrite(req: ApiRequest): Promise<void> {
    if (SAFE_METHODS.has(req.method) || !req.accessToken || !req.accessTokenClaims) return;
    // A token naming no sign-in cannot be on the denylist: refused rather than let through (fail
    // closed). Cognito puts origin_jti in every user's access token since token revocation began.
    if (!req.accessTokenClaims.origin_jti) {
      this.logger.debug('Bearer token without origin_jti refused for a write');
      throw new BearerTokenException(INVALID_TOKEN);
    }
    if (await this.revocations.hasEnded(req.accessToken, req.accessTokenClaims)) {
      this.logger.debug('Bearer token of a revoked sign-in refused for a write');
      throw new BearerTokenException('The access token was revoked (signed out).');
    }
  }

  private async authenticate(context: ExecutionContext, req: ApiRequest): Promise<void> {
    const authorization = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match) {
      // A Bearer credential that is no token is a refused token; anything else is no token at all.
      if (/^Bearer\s/i.test(authorization)) throw new BearerTokenException(INVALID_TOKEN);
      throw new MissingBearerTokenException('A Bearer access token is required.');
    }
    try {
      const claims = await this.verifier.verifyAccessToken(match[1]);
      req.user = {
        sub: claims.sub,
        username: claims.username ?? claims.sub,
        groups: claims['cognito:groups'] ?? [],
        scopes: (claims.scope ?? '').split(' ').filter(Boolean),
      };
      req.accessToken = match[1];
      req.accessTokenClaims = claims;
    } catch (error) {
      if (error instanceof JwksUnavailableError) {
        // Our fault, not the token's: a 401 would make clients throw a good token away.
        this.logger.warn(error.message);
        context
          .switchToHttp()
          .getResponse<Response>()
          .setHeader('Retry-After', JWKS_RETRY_AFTER_SECONDS);
        throw new ServiceUnavailableException(
          'Access tokens cannot be checked right now. Try again shortly.',
        );
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      this.logger.debug(`Bearer token refused: ${error.reason}`);
      throw new BearerTokenException(INVALID_TOKEN);
    }
  }
}
