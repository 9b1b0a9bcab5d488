import { randomUUID } from 'node:crypto';
import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { LocalCognitoConfig } from '../local-cognito.config';
import { LOCAL_COGNITO_CONFIG } from '../local-cognito.constants';
import { headerOf } from '../support/http';
import { CognitoApiError } from './api-error';
import { CognitoApiService } from './cognito-api.service';
import { toWireJson } from './wire-json';

/** The content type of the awsJson1_1 protocol, both ways (the SDK and the CLI send exactly this). */
export const AMZ_JSON = 'application/x-amz-json-1.1';
/** The region is the credential scope's; without one, the configured pool's. */
const SIGV4 = /^AWS4-HMAC-SHA256\s+Credential=[^/\s]+\/\d{8}\/([a-z0-9-]+)\/[^/\s]+\/aws4_request/;

/**
 * `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>`: the Cognito API as the
 * AWS SDK and CLI call it with their endpoint set here (docs/COGNITO.md §10). A signature is
 * required of admin actions but never checked: any credentials are accepted.
 */
@Controller()
export class CognitoApiController {
  private readonly logger = new Logger('LocalCognitoApi');

  private readonly defaultRegion: string;

  constructor(
    private readonly api: CognitoApiService,
    @Inject(LOCAL_COGNITO_CONFIG) config: LocalCognitoConfig,
  ) {
    this.defaultRegion = config.userPoolId.split('_')[0];
  }

  @Post()
  async call(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const signature = SIGV4.exec(headerOf(req, 'authorization') ?? '');
      const result = await this.api.call({
        target: headerOf(req, 'x-amz-target'),
        signed: signature !== null,
        body: parseBody(req),
        context: { region: signature?.[1] ?? this.defaultRegion },
      });
      send(res, 200, toWireJson(result));
    } catch (error) {
      const { type, message, status } = this.asApiError(error);
      res.setHeader('x-amzn-ErrorType', type);
      send(res, status, JSON.stringify({ __type: type, message }));
    }
  }

  /** Cognito's refusals as they are; anything else is a bug, logged and answered without detail. */
  private asApiError(error: unknown): CognitoApiError {
    if (error instanceof CognitoApiError) return error;
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return new CognitoApiError('InternalErrorException', 'Internal error', 500);
  }
}

/** The body as raw bytes (see local-cognito.server.ts), parsed here so bad JSON gets Cognito's error. */
function parseBody(req: Request): unknown {
  const contentType = headerOf(req, 'content-type') ?? '';
  const body = req.body as unknown;
  if (
    !/^application\/(x-amz-json-1\.[01]|json)\s*(;|$)/i.test(contentType) ||
    !Buffer.isBuffer(body)
  )
    throw new CognitoApiError(
      'SerializationException',
      `Expected Content-Type ${AMZ_JSON} (got ${contentType === '' ? 'none' : JSON.stringify(contentType)})`,
    );
  try {
    return body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
  } catch {
    throw new CognitoApiError('SerializationException', 'The request body is not valid JSON');
  }
}

function send(res: Response, status: number, json: string): void {
  const payload = Buffer.from(json);
  res.status(status);
  res.setHeader('Content-Type', AMZ_JSON);
  res.setHeader('Content-Length', payload.length);
  res.setHeader('x-amzn-RequestId', randomUUID());
  res.end(payload);
}
