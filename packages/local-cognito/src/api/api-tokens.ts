import { randomUUID } from 'node:crypto';
import type {
  AuthenticationResultType,
  InitiateAuthResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import { IssuedTokenVerifier } from '../oauth/issued-token.verifier';
import { RefreshTokenStore, type RefreshGrant } from '../oauth/refresh-token.store';
import { TokenMinter } from '../oauth/token-minter';
import type { AppClient } from '../pools/app-client';
import {
  TEMPORARY_PASSWORD_EXPIRED_MESSAGE,
  temporaryPasswordExpired,
} from '../pools/password-policy';
import type { UserPool } from '../pools/user-pool';
import { epochSeconds, type Clock } from '../support/clock';
import { AuthChallenges } from '../users/auth-challenges';
import type { LocalCognitoUser } from '../users/user.store';
import { CognitoApiError, notAuthorized } from './api-error';
import { attributesOf } from './descriptions';

/** The only scope of tokens from the API's sign-in (docs/COGNITO.md §7.3). */
export const API_SCOPE = 'aws.cognito.signin.user.admin';

/** Tokens for the API's sign-in, and the access-token checks of the user's own calls. */
@Injectable()
export class ApiTokens {
  constructor(
    private readonly minter: TokenMinter,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly verifier: IssuedTokenVerifier,
    private readonly challenges: AuthChallenges,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * After a right password: Cognito's refusals for the user's state, the NEW_PASSWORD_REQUIRED
   * challenge for a temporary password, or tokens.
   */
  async afterPassword(
    pool: UserPool,
    client: AppClient,
    user: LocalCognitoUser,
  ): Promise<InitiateAuthResponse> {
    refuseInactive(user);
    if (user.status === 'UNCONFIRMED')
      throw new CognitoApiError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'RESET_REQUIRED')
      throw new CognitoApiError(
        'PasswordResetRequiredException',
        'Password reset required for the user',
      );
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if (temporaryPasswordExpired(pool.record, user.passwordSetAt, this.clock.now()))
        throw notAuthorized(TEMPORARY_PASSWORD_EXPIRED_MESSAGE);
      const session = this.challenges.issue({
        name: 'NEW_PASSWORD_REQUIRED',
        poolId: client.poolId,
        clientId: client.clientId,
        username: user.username,
      });
      const attributes: Record<string, string> = {};
      for (const { Name, Value } of attributesOf(user))
        if (Name !== undefined && Name !== 'sub' && Name !== 'email_verified')
          attributes[Name] = Value ?? '';
      return {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeParameters: {
          USER_ID_FOR_SRP: user.username,
          requiredAttributes: '[]',
          userAttributes: JSON.stringify(attributes),
        },
      };
    }
    return { ChallengeParameters: {}, AuthenticationResult: await this.signIn(client, user) };
  }

  /** A new sign-in: a refresh token and the tokens minted from it. */
  async signIn(client: AppClient, user: LocalCognitoUser): Promise<AuthenticationResultType> {
    const grant: RefreshGrant = {
      clientId: client.clientId,
      sub: user.sub,
      scopes: [API_SCOPE],
      authTime: epochSeconds(this.clock),
      eventId: randomUUID(),
      originJti: randomUUID(),
      expiresAt: this.clock.now() + client.refreshTokenSeconds * 1000,
    };
    const refreshToken = await this.refreshTokens.issue(grant);
    return { ...(await this.mint(client, user, grant)), RefreshToken: refreshToken };
  }

  /** REFRESH_TOKEN_AUTH: new ID and access tokens, no new refresh token (rotation is off). */
  async refresh(
    client: AppClient,
    pool: UserPool,
    refreshToken: string,
  ): Promise<{ result: AuthenticationResultType; user: LocalCognitoUser }> {
    const grant = this.refreshTokens.findActive(refreshToken);
    if (!grant || grant.clientId !== client.clientId) throw notAuthorized('Invalid Refresh Token');
    const user = pool.users.findBySub(grant.sub);
    if (!user) throw notAuthorized('Invalid Refresh Token');
    refuseInactive(user);
    return { result: await this.mint(client, user, grant), user };
  }

  /** Which user the refresh token belongs to (for its SECRET_HASH), without using it. */
  refreshTokenOwner(pool: UserPool, refreshToken: string): LocalCognitoUser | undefined {
    const grant = this.refreshTokens.find(refreshToken);
    return grant && pool.users.findBySub(grant.sub);
  }

  /**
   * The user an access token stands for, as Cognito's user APIs check it: ours, not expired, not
   * revoked (RevokeToken, GlobalSignOut), with the aws.cognito.signin.user.admin scope.
   */
  async userOf(accessToken: string): Promise<{ pool: UserPool; user: LocalCognitoUser }> {
    const verified = await this.verifier.verifyWithPool(accessToken, 'access');
    if (!verified) {
      throw notAuthorized(
        this.isExpired(accessToken) ? 'Access Token has expired' : 'Invalid Access Token',
      );
    }
    const { payload, pool } = verified;
    if (
      typeof payload.origin_jti !== 'string' ||
      this.refreshTokens.isFamilyRevoked(payload.origin_jti)
    )
      throw notAuthorized('Access Token has been revoked');
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes(API_SCOPE))
      throw notAuthorized('Access Token does not have required scopes');
    const user = typeof payload.sub === 'string' ? pool.users.findBySub(payload.sub) : undefined;
    if (!user) throw new CognitoApiError('UserNotFoundException', 'User does not exist.');
    refuseInactive(user);
    return { pool, user };
  }

  private async mint(
    client: AppClient,
    user: LocalCognitoUser,
    grant: RefreshGrant,
  ): Promise<AuthenticationResultType> {
    const tokens = await this.minter.mintForUser({ ...grant, client, user, issuedBy: 'api' });
    return {
      AccessToken: tokens.accessToken,
      ExpiresIn: tokens.expiresIn,
      TokenType: 'Bearer',
      IdToken: tokens.idToken,
    };
  }

  private isExpired(token: string): boolean {
    try {
      const { exp } = decodeJwt(token);
      return typeof exp === 'number' && exp <= epochSeconds(this.clock);
    } catch {
      return false;
    }
  }
}

export function refuseInactive(user: LocalCognitoUser): void {
  if (!user.enabled) throw notAuthorized('User is disabled.');
}
