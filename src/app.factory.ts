import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import type { DestinationStream } from 'pino';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { setUpApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { SessionHandler } from './auth/session/session-handler';
import { AppConfig } from './config/app-config';
import { AppLogger } from './common/app-logger';
import type { Clock } from './common/clock';
import { PhotosExpressAdapter } from './common/express-adapter';
import { AssetManifest, STATIC_DIRECTORIES, STATIC_FILES } from './common/static-assets';
import { registerPartials, registerViewHelpers } from './common/view-helpers';
import { requestId } from './common/request-id';
import { securityHeaders } from './common/security-headers';

/** Project root: two levels above both src/ (tests) and dist/ (npm start). */
const ROOT = join(__dirname, '..');

/**
 * Builds the whole application: the one place middleware, sessions, views and security headers
 * are set up. `main.ts` and every test use it, so tests run the app people run.
 */
export async function createApp(
  config: AppConfig,
  options: { logDestination?: DestinationStream; clock?: Clock } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options.logDestination, options.clock),
    new PhotosExpressAdapter(),
    {
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(AppLogger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestId(config.trustProxy));
  app.use(securityHeaders(config));
  const assets = AssetManifest.build(join(ROOT, 'public'), {
    include: [...STATIC_DIRECTORIES, ...STATIC_FILES],
  });
  app.use(assets.middleware);
  app.use(app.get(SessionHandler).middleware);
  // Pages for a signed-in person show their data: no cache may keep them (Back after Log out).
  // Photo files set their own, private, Cache-Control (send-photo-file.ts).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.session?.user) res.setHeader('Cache-Control', 'no-store');
    next();
  });

  app.setBaseViewsDir(join(ROOT, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Express caches views only when NODE_ENV=production; compile each one once in every mode.
  app.set('view cache', true);
  registerPartials(hbs, join(ROOT, 'views', 'partials'));
  registerViewHelpers(hbs);
  assets.registerHelper(hbs);

  setUpApiDocs(app, config);

  // Node closes idle keep-alive connections after 5 s; a load balancer keeps its own to the app
  // open longer (an ALB 60 s) and may send a request on one just as the app closes it: a 502 for
  // that client. Idle connections must outlive the balancer's, as AWS's ALB guide says.
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = config.keepAliveTimeoutSeconds * 1000;

  return app;
}
