import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LocalCognitoUrls } from './local-cognito.urls';
import { ADVERTISED_SCOPES } from './oauth/scopes';
import type { UserPool } from './pools/user-pool';
import { UserPools } from './pools/user-pools';
import { sendJson } from './support/http';

/**
 * Discovery and JWKS under each pool's issuer path, `/{userPoolId}/.well-known/…` (docs/COGNITO.md
 * §1.2). Every pool's OAuth endpoints are the same origin's: the client_id picks the pool.
 */
@Controller(':userPoolId/.well-known')
export class WellKnownController {
  constructor(
    private readonly urls: LocalCognitoUrls,
    private readonly pools: UserPools,
  ) {}

  /** Cognito's fields in its (alphabetical) order; no code_challenge_methods_supported, as on Cognito. */
  @Get('openid-configuration')
  discovery(@Param('userPoolId') userPoolId: string, @Res() res: Response): void {
    const issuer = this.urls.issuerFor(this.requirePool(userPoolId).id);
    sendJson(res, 200, {
      authorization_endpoint: this.urls.endpoint('/oauth2/authorize'),
      end_session_endpoint: this.urls.endpoint('/logout'),
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: this.urls.endpoint('/oauth2/revoke'),
      scopes_supported: ADVERTISED_SCOPES,
      subject_types_supported: ['public'],
      token_endpoint: this.urls.endpoint('/oauth2/token'),
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: this.urls.endpoint('/oauth2/userInfo'),
    });
  }

  /** Public halves of every signing key of the pool, old ones included until `remove-old-keys`. */
  @Get('jwks.json')
  jwks(@Param('userPoolId') userPoolId: string, @Res() res: Response): void {
    sendJson(res, 200, { keys: this.requirePool(userPoolId).keys.publicKeys() });
  }

  private requirePool(userPoolId: string): UserPool {
    const pool = this.pools.find(userPoolId);
    if (!pool) throw new NotFoundException(`User pool ${userPoolId} does not exist.`);
    return pool;
  }
}
