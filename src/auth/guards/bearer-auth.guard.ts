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
import { InvalidTokenError } from '../tokens/token-claims';
import { TokenVerifier } from '../tokens/token-verifier.service';

export class BearerTokenException extends UnauthorizedException {}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Seconds an API client is asked to wait when the token cannot be checked for now. */
const JWKS_RETRY_AFTER_SECONDS = 5;

/** Adds the RFC 6750 challenge so API clients know a (new) access token is needed. */
export const BEARER_CHALLENGE = 'Bearer error="invalid_token"';

/** RFC 6750 §3.1: the token is good but lacks `scopes`; a token with them would do. */
export const scopeChallenge = (scopes: string[]): string =>
  `Bearer error="insufficient_scope", scope="${scopes.join(' ')}"`;

export type ApiRequest = Request & {
  user?: AuthenticatedUser;
  accessToken?: string;
  /** The sign-in the access token was minted from (Cognito's origin_jti), for revocation checks. */
  originJti?: string;
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
   * Writes need a sign-in that has not ended: the access tokens of a signed-out session pass
   * every offline check until they expire, so writes (on any instance) look the sign-in up in
   * the shared denylist. Reads skip the lookup and may work until the token expires.
   */
  private async refuseRevokedWrite(req: ApiRequest): Promise<void> {
    if (SAFE_METHODS.has(req.method) || !req.originJti) return;
    if (await this.revocations.isRevoked(req.originJti)) {
      this.logger.debug('Bearer token of a revoked sign-in refused for a write');
      throw new BearerTokenException('The access token was revoked (signed out).');
    }
  }

  private async authenticate(context: ExecutionContext, req: ApiRequest): Promise<void> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    if (!match) throw new BearerTokenException('A Bearer access token is required.');
    try {
      const claims = await this.verifier.verifyAccessToken(match[1]);
      req.user = {
        sub: claims.sub,
        username: claims.username ?? claims.sub,
        groups: claims['cognito:groups'] ?? [],
        scopes: (claims.scope ?? '').split(' ').filter(Boolean),
      };
      req.accessToken = match[1];
      req.originJti = claims.origin_jti;
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
      throw new BearerTokenException('The access token is invalid or expired.');
    }
  }
}
