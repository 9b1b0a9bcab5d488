import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../authenticated-user';
import { CognitoTokenClient, CognitoTokenError } from '../tokens/cognito-token.client';

export interface Me {
  sub: string;
  username: string;
  email: string | null;
  groups: string[];
  scopes: string[];
}

/** Cognito refused the access token at userInfo: it was revoked (signed out, refresh revoked). */
export class RevokedAccessTokenError extends Error {
  readonly reason = 'The access token has been revoked.';
}

/** Cognito could not be asked; the caller may try again. */
export class IdentityProviderUnavailableError extends Error {
  readonly reason = 'The identity provider could not be reached. Please try again.';
}

/**
 * Who the API caller is. Access tokens carry no email, so it comes from Cognito's userInfo,
 * which also notices a token revoked since it was issued (offline verification cannot).
 */
@Injectable()
export class MeService {
  constructor(private readonly cognito: CognitoTokenClient) {}

  async describe(user: AuthenticatedUser, accessToken: string): Promise<Me> {
    const info = await this.userInfo(accessToken);
    return {
      sub: user.sub,
      username: user.username,
      email: typeof info.email === 'string' ? info.email : null,
      groups: user.groups,
      scopes: user.scopes ?? [],
    };
  }

  private async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    try {
      return await this.cognito.userInfo(accessToken);
    } catch (error) {
      if (
        error instanceof CognitoTokenError &&
        (error.httpStatus === 401 || error.httpStatus === 403)
      ) {
        throw new RevokedAccessTokenError('userInfo refused the token', { cause: error });
      }
      throw new IdentityProviderUnavailableError('userInfo failed', { cause: error });
    }
  }
}
