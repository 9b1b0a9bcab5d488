import type {
  InitiateAuthRequest,
  InitiateAuthResponse,
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Injectable } from '@nestjs/common';
import type { AppClient } from '../../pools/app-client';
import type { UserPool } from '../../pools/user-pool';
import { UserPools } from '../../pools/user-pools';
import { AuthChallenges } from '../../users/auth-challenges';
import { publicAction, type ActionFamily } from '../api-action';
import { CognitoApiError, invalidParameter, notAuthorized } from '../api-error';
import { requiredString, stringMap } from '../api-input';
import { ApiTokens } from '../api-tokens';
import { checkSecretHash, requireClient } from '../public-client';
import { attributeChanges } from '../user-attributes';
import { checkPassword } from './admin-user.actions';

const WRONG_CREDENTIALS = 'Incorrect username or password.';

function requireFlow(client: AppClient, flows: string[], name: string): void {
  if (!client.explicitAuthFlows.some((flow) => flows.includes(flow)))
    throw invalidParameter(`${name} flow not enabled for this client`);
}

/** The API's sign-in: USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, and the NEW_PASSWORD_REQUIRED answer. */
@Injectable()
export class InitiateAuthActions implements ActionFamily {
  constructor(
    private readonly pools: UserPools,
    private readonly tokens: ApiTokens,
    private readonly challenges: AuthChallenges,
  ) {}

  readonly actions = {
    InitiateAuth: publicAction<InitiateAuthRequest, InitiateAuthResponse>(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const flow = requiredString(input.AuthFlow, 'authFlow');
      const parameters = stringMap(input.AuthParameters, 'authParameters');
      switch (flow) {
        case 'USER_PASSWORD_AUTH':
          return this.passwordAuth(pool, client, parameters);
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN':
          return this.refreshAuth(pool, client, parameters);
        default:
          throw new CognitoApiError(
            'UnsupportedOperationException',
            `The local Cognito does not implement the ${flow} flow; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH.`,
          );
      }
    }),

    RespondToAuthChallenge: publicAction<
      RespondToAuthChallengeRequest,
      RespondToAuthChallengeResponse
    >(async (input) => {
      const { pool, client } = requireClient(this.pools, input.ClientId);
      const name = requiredString(input.ChallengeName, 'challengeName');
      const responses = stringMap(input.ChallengeResponses, 'challengeResponses');
      const username = requiredString(responses.USERNAME, 'challengeResponses.USERNAME');
      checkSecretHash(client, responses.SECRET_HASH, [username]);
      const session = requiredString(input.Session, 'session');
      const challenge = this.challenges.find(session);
      if (
        !challenge ||
        challenge.name !== name ||
        challenge.clientId !== client.clientId ||
        challenge.username.toLowerCase() !== username.toLowerCase()
      )
        throw notAuthorized('Invalid session for the user.');
      const newPassword = requiredString(responses.NEW_PASSWORD, 'challengeResponses.NEW_PASSWORD');
      checkPassword(pool, newPassword);
      const user = pool.users.findByUsername(challenge.username);
      if (!user || user.status !== 'FORCE_CHANGE_PASSWORD')
        throw notAuthorized('Invalid session for the user.');
      const given = Object.fromEntries(
        Object.entries(responses)
          .filter(([key]) => key.startsWith('userAttributes.'))
          .map(([key, value]) => [key.slice('userAttributes.'.length), value]),
      );
      const changes = attributeChanges(pool, given, user.attributes);
      this.challenges.end(session);
      await pool.users.setPassword(user.username, newPassword, 'CONFIRMED');
      const updated = await pool.users.update(user.username, changes);
      return {
        ChallengeParameters: {},
        AuthenticationResult: await this.tokens.signIn(client, updated),
      };
    }),
  };

  private async passwordAuth(
    pool: UserPool,
    client: AppClient,
    parameters: Record<string, string>,
  ): Promise<InitiateAuthResponse> {
    requireFlow(client, ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'], 'USER_PASSWORD_AUTH');
    const username = requiredString(parameters.USERNAME, 'authParameters.USERNAME');
    const password = requiredString(parameters.PASSWORD, 'authParameters.PASSWORD');
    checkSecretHash(client, parameters.SECRET_HASH, [username]);
    const user = await pool.users.authenticate(username, password);
    if (!user) throw notAuthorized(WRONG_CREDENTIALS);
    return this.tokens.afterPassword(pool, client, user);
  }

  private async refreshAuth(
    pool: UserPool,
    client: AppClient,
    parameters: Record<string, string>,
  ): Promise<InitiateAuthResponse> {
    requireFlow(client, ['ALLOW_REFRESH_TOKEN_AUTH'], 'REFRESH_TOKEN_AUTH');
    const refreshToken = requiredString(parameters.REFRESH_TOKEN, 'authParameters.REFRESH_TOKEN');
    if (client.clientSecret !== undefined) {
      // The hash of a refresh is computed over the username, or (pools signing in by email) the sub.
      const owner = this.tokens.refreshTokenOwner(pool, refreshToken);
      const names = owner ? [owner.username, owner.sub] : [parameters.USERNAME ?? ''];
      checkSecretHash(client, parameters.SECRET_HASH, names);
    }
    const { result } = await this.tokens.refresh(client, pool, refreshToken);
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }
}
