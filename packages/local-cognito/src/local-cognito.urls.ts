import type { Server } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { LocalCognitoConfig } from './local-cognito.config';
import { LOCAL_COGNITO_CONFIG } from './local-cognito.constants';

/**
 * The local Cognito's public URLs, built from the port it actually listens on (port 0 picks a free
 * one, known only once listening), with the host `localhost`: the host of the registered redirect
 * URLs and of the hosted-UI cookie.
 */
@Injectable()
export class LocalCognitoUrls {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOCAL_COGNITO_CONFIG) private readonly config: LocalCognitoConfig,
  ) {}

  /** The hosted-UI domain as a full URL (what the app calls COGNITO_DOMAIN). */
  get origin(): string {
    const address = (this.adapterHost.httpAdapter.getHttpServer() as Server).address();
    if (address === null || typeof address === 'string')
      throw new Error('The local Cognito is not listening');
    return `http://localhost:${address.port}`;
  }

  /** The configured pool's issuer. */
  get issuer(): string {
    return this.issuerFor(this.config.userPoolId);
  }

  /**
   * `${origin}/${userPoolId}`: plays the part of https://cognito-idp.REGION.amazonaws.com/POOL.
   * Every pool is served at the same origin (one port), its path naming it.
   */
  issuerFor(poolId: string): string {
    return `${this.origin}/${poolId}`;
  }

  /** The pool id an issuer URL of ours names, or undefined for anybody else's issuer. */
  poolIdOf(issuer: string): string | undefined {
    const prefix = `${this.origin}/`;
    if (!issuer.startsWith(prefix)) return undefined;
    const poolId = issuer.slice(prefix.length);
    return /^[\w-]+$/.test(poolId) ? poolId : undefined;
  }

  endpoint(path: string): string {
    return `${this.origin}${path}`;
  }
}
