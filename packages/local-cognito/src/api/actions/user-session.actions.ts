import type {
  GetUserRequest,
  GetUserResponse,
  GlobalSignOutRequest,
  RevokeTokenRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import { sameSecret } from '../../oauth/client-registry';
import { IssuedTokenVerifier } from '../../oauth/issued-token.verifier';
import { RefreshTokenStore } from '../../oauth/refresh-token.store';
import { UserPools } from '../../pools/user-pools';
import { publicAction, type ActionFamily } from '../api-action';
import { CognitoApiError, notAuthorized } from '../api-error';
import { optionalString, requiredString } from '../api-input';
import { ApiTokens } from '../api-tokens';
import { attributesOf } from '../descriptions';
import { requireClient } from '../public-client';

/** The signed-in user's own calls: GetUser, GlobalSignOut, RevokeToken. */
@Injectable()
export class UserSessionActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly tokens: ApiTokens,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly verifier: IssuedTokenVerifier,
  ) {}

  readonly actions = {
    GetUser: publicAction<GetUserRequest, GetUserResponse>(async (input) => {
      const { user } = await this.tokens.userOf(requiredString(input.AccessToken, 'accessToken'));
      return { Username: user.username, UserAttributes: attributesOf(user) };
    }),

    /** Ends every refresh token of the user, for every client and flow (hosted UI included). */
    GlobalSignOut: publicAction<GlobalSignOutRequest, object>(async (input) => {
      const { user } = await this.tokens.userOf(requiredString(input.AccessToken, 'accessToken'));
      await this.refreshTokens.revokeWhere((grant) => grant.sub === user.sub);
      return {};
    }),

    /** Revokes one refresh token and every token minted from it, as /oauth2/revoke does. */
    RevokeToken: publicAction<RevokeTokenRequest, object>(async (input) => {
      const { client } = requireClient(this.pools, input.ClientId);
      const token = requiredString(input.Token, 'token');
      const secret = optionalString(input.ClientSecret, 'clientSecret');
      const authenticated =
        client.clientSecret === undefined
          ? secret === undefined
          : secret !== undefined && sameSecret(secret, client.clientSecret);
      if (!authenticated) throw notAuthorized('Client authentication failed.');
      const grant = this.refreshTokens.find(token);
      if (!grant) {
        if (await this.verifier.isOwnJwt(token))
          throw new CognitoApiError('UnsupportedTokenTypeException', 'Unsupported token type.');
        return {};
      }
      if (grant.clientId !== client.clientId)
        throw new CognitoApiError(
          'UnauthorizedException',
          'The token was not issued to this client.',
        );
      await this.refreshTokens.revokeFamily(grant.originJti);
      return {};
    }),
  };
}
