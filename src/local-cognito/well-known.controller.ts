import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { SigningKeys } from './keys/signing-keys.store';
import type { LocalCognitoConfig } from './local-cognito.config';
import { LOCAL_COGNITO_CONFIG } from './local-cognito.constants';
import { LocalCognitoUrls } from './local-cognito.urls';
import { ADVERTISED_SCOPES } from './oauth/scopes';
import { sendJson } from './support/http';

/** Discovery and JWKS under the issuer path, `/{userPoolId}/.well-known/…` (docs/COGNITO.md §1.2). */
@Controller(':userPoolId/.well-known')
export class WellKnownController {
  constructor(
    private readonly urls: LocalCognitoUrls,
    private readonly keys: SigningKeys,
    @Inject(LOCAL_COGNITO_CONFIG) private readonly config: LocalCognitoConfig,
  ) {}

  /** Cognito's fields in its (alphabetical) order; no code_challenge_methods_supported, as on Cognito. */
  @Get('openid-configuration')
  discovery(@Param('userPoolId') userPoolId: string, @Res() res: Response): void {
    this.requireOwnPool(userPoolId);
    sendJson(res, 200, {
      authorization_endpoint: this.urls.endpoint('/oauth2/authorize'),
      end_session_endpoint: this.urls.endpoint('/logout'),
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: this.urls.issuer,
      jwks_uri: this.urls.jwksUri,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: this.urls.endpoint('/oauth2/revoke'),
      scopes_supported: ADVERTISED_SCOPES,
      subject_types_supported: ['public'],
      token_endpoint: this.urls.endpoint('/oauth2/token'),
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: this.urls.endpoint('/oauth2/userInfo'),
    });
  }

  /** Public halves of every signing key, old ones included until `remove-old-keys`. */
  @Get('jwks.json')
  jwks(@Param('userPoolId') userPoolId: string, @Res() res: Response): void {
    this.requireOwnPool(userPoolId);
    sendJson(res, 200, { keys: this.keys.publicKeys() });
  }

  private requireOwnPool(userPoolId: string): void {
    if (userPoolId !== this.config.userPoolId)
      throw new NotFoundException(`User pool ${userPoolId} does not exist.`);
  }
}
