import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import hbs from 'hbs';
import { AssetManifest } from './support/static-assets';
import { assertValidLocalCognitoConfig, type LocalCognitoConfig } from './local-cognito.config';
import { LocalCognitoModule, type LocalCognitoModuleOptions } from './local-cognito.module';
import { LocalCognitoUrls } from './local-cognito.urls';
import { removeRunningRecord, writeRunningRecord } from './running-record';

export interface RunningLocalCognito {
  /** e.g. http://localhost:9400 (the "COGNITO_DOMAIN" as a full URL). */
  origin: string;
  /** `${origin}/${userPoolId}`. */
  issuer: string;
  /** With the real port filled in. */
  config: LocalCognitoConfig;
  close(): Promise<void>;
}

/** One level up from both src/ (jest) and dist/ (the build): the package's folder. */
const PACKAGE_ROOT = join(__dirname, '..');
export const LOCAL_COGNITO_VIEWS_DIR = join(PACKAGE_ROOT, 'views');
const STATIC_DIR = join(PACKAGE_ROOT, 'public');

/** The hosted pages need nothing but their own stylesheet: no scripts, no frames, no foreign forms. */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  next();
}

function configureHttp(app: NestExpressApplication): void {
  app.disable('x-powered-by');
  app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  // The Cognito API's bodies (POST /), kept as bytes: its controller parses them, so that bad JSON
  // gets Cognito's SerializationException rather than Express's error page.
  app.useBodyParser('raw', {
    type: ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json'],
    limit: '1mb',
  });
  app.use(cookieParser());
  app.use(securityHeaders);
  // A Handlebars instance of its own: the app in the same process uses hbs too, and must not see
  // (or clobber) these templates, partials or helpers.
  const views = hbs.create();
  const assets = AssetManifest.build(STATIC_DIR, { prefix: '/static' });
  assets.registerHelper(views);
  app.use(assets.middleware);
  app.engine('hbs', views.__express);
  app.set('views', LOCAL_COGNITO_VIEWS_DIR);
  app.set('view engine', 'hbs');
  app.set('view cache', true);
}

/**
 * Starts the local Cognito on 127.0.0.1 (loopback only), on `config.port` (0 picks a free port).
 * `options.clock` is for tests that need codes, sessions or tokens to expire without waiting.
 */
export async function startLocalCognito(
  config: LocalCognitoConfig,
  options: LocalCognitoModuleOptions = {},
): Promise<RunningLocalCognito> {
  assertValidLocalCognitoConfig(config);
  const app = await NestFactory.create<NestExpressApplication>(
    LocalCognitoModule.forRoot(config, options),
    {
      logger: ['error', 'warn'],
      bodyParser: false,
      // Keep-alive connections from fetch clients would otherwise hold close() open for seconds.
      forceCloseConnections: true,
    },
  );
  configureHttp(app);
  try {
    await app.listen(config.port, '127.0.0.1');
  } catch (error) {
    await app.close();
    throw error;
  }
  const urls = app.get(LocalCognitoUrls);
  const origin = urls.origin;
  const port = Number(new URL(origin).port);
  const apiCallback = config.apiClient?.callbackUrls[0];
  try {
    await writeRunningRecord(config.dataDir, {
      pid: process.pid,
      origin,
      ...(config.apiClient &&
        apiCallback && {
          apiClient: { clientId: config.apiClient.clientId, callbackUrl: apiCallback },
        }),
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = async () => {
    await app.close();
    await removeRunningRecord(config.dataDir, origin).catch(() => undefined);
  };
  return {
    origin,
    issuer: urls.issuer,
    config: { ...config, port },
    // Safe to call more than once (e.g. from a test's afterAll and a shutdown hook).
    close: () => (closing ??= close()),
  };
}
