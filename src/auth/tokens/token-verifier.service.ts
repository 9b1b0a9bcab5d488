import { Injectable } from '@nestjs/common';
import jwt, { JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { CognitoConfig } from '../../config/config-slices';
import { AccessTokenClaims, IdTokenClaims, InvalidTokenError } from './token-claims';

/** Seconds of clock skew tolerated between Cognito and this server on exp and iat. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies Cognito JWTs as AWS and aws-jwt-verify do: RS256 only, a `kid` found in the pool's
 * JWKS, exact issuer, unexpired, issued in the past, the right `token_use`, and the audience
 * (`aud` for ID tokens, `client_id` for access tokens) equal to this app's client id.
 */
@Injectable()
export class TokenVerifier {
  private readonly jwks: JwksClient;

  constructor(private readonly cognito: CognitoConfig) {
    this.jwks = new JwksClient({
      jwksUri: this.cognito.jwksUri,
      cache: true,
      cacheMaxEntries: 10,
      cacheMaxAge: 10 * 60 * 1000,
      // An unknown kid refetches the JWKS (key rotation), but at most this often.
      rateLimit: true,
      jwksRequestsPerMinute: 10,
      timeout: 5000,
    });
  }

  async verifyIdToken(token: string, expected: { nonce: string }): Promise<IdTokenClaims> {
    const claims = await this.verifyIdTokenForThisClient(token);
    if (typeof claims['cognito:username'] !== 'string')
      throw new InvalidTokenError('no cognito:username');
    if (claims.nonce !== expected.nonce)
      throw new InvalidTokenError('nonce does not match this sign-in');
    return claims as unknown as IdTokenClaims;
  }

  /** For ID tokens from a refresh, which carry no nonce of ours. */
  async verifyRefreshedIdToken(token: string, expectedSub: string): Promise<IdTokenClaims> {
    const claims = await this.verifyIdTokenForThisClient(token);
    if (claims.sub !== expectedSub) throw new InvalidTokenError('sub changed on refresh');
    return claims as unknown as IdTokenClaims;
  }

  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    const claims = await this.verifySignature(token);
    this.expectTokenUse(claims, 'access');
    if (claims.client_id !== this.cognito.clientId)
      throw new InvalidTokenError('client_id is not this client');
    if (claims.scope !== undefined && typeof claims.scope !== 'string')
      throw new InvalidTokenError('bad scope');
    return claims as unknown as AccessTokenClaims;
  }

  private async verifyIdTokenForThisClient(token: string): Promise<JwtPayload> {
    const claims = await this.verifySignature(token);
    this.expectTokenUse(claims, 'id');
    if (claims.aud !== this.cognito.clientId) throw new InvalidTokenError('aud is not this client');
    return claims;
  }

  private expectTokenUse(claims: JwtPayload, use: 'id' | 'access'): void {
    if (claims.token_use !== use) throw new InvalidTokenError(`token_use is not ${use}`);
  }

  private async verifySignature(token: string): Promise<JwtPayload> {
    if (typeof token !== 'string' || token.split('.').length !== 3)
      throw new InvalidTokenError('not a JWT');
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new InvalidTokenError('not a JWT');
    if (decoded.header.alg !== 'RS256')
      throw new InvalidTokenError(`alg ${decoded.header.alg} is not RS256`);
    if (!decoded.header.kid) throw new InvalidTokenError('no kid');
    const publicKey = await this.signingKey(decoded.header.kid);
    let claims: JwtPayload;
    try {
      claims = jwt.verify(token, publicKey, {
        algorithms: ['RS256'],
        issuer: this.cognito.issuer,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }) as JwtPayload;
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    this.expectStandardClaims(claims);
    return claims;
  }

  private expectStandardClaims(claims: JwtPayload): void {
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('no sub');
    if (typeof claims.exp !== 'number') throw new InvalidTokenError('no exp');
    if (typeof claims.iat !== 'number') throw new InvalidTokenError('no iat');
    if (claims.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
      throw new InvalidTokenError('iat in the future');
  }

  private async signingKey(kid: string): Promise<string> {
    try {
      const key = await this.jwks.getSigningKey(kid);
      if (key.alg && key.alg !== 'RS256') throw new InvalidTokenError(`key ${kid} is not RS256`);
      return key.getPublicKey();
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      throw new InvalidTokenError(`signing key ${kid} not found: ${(error as Error).message}`);
    }
  }
}
