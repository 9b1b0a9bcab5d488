/**
 * The app of bench/http/logger.bench.ts: one tiny Nest controller (GET /json, and GET /log, which
 * also logs one line through Nest's `Logger` inside the request) on Photos' Express adapter, with
 * one of two request loggers, chosen by LOGGER:
 *   - `ours`: Photos' own LoggingModule (src/common/logging.module.ts: the request line of
 *     request-log.ts, Nest's logger bound to the request by AppLogger) and the requestId
 *     middleware, as src/app.factory.ts sets them up, in the production (JSON) format;
 *   - `nestjs-pino`: nestjs-pino 5 (pino-http underneath) as its README sets it up for production
 *     (no pino-pretty transport), with the request id taken the same way (X-Request-Id or a new
 *     UUID, echoed on the response) and, as Photos requires of every log line, no header logged.
 * Everything else is the same: level info, the same pino destination, health checks excluded from
 * request logging the same way (nothing here is under /health; the check is made per request).
 *
 * Environment: LOGGER (ours | nestjs-pino), PORT, LOG_FILE (where lines go; /dev/null to measure).
 */
import 'reflect-metadata';
import { Controller, Get, Logger, Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppLogger } from '../../src/common/app-logger';
import { PhotosExpressAdapter } from '../../src/common/express-adapter';
import { LoggingModule } from '../../src/common/logging.module';
import { requestId, requestIdOf } from '../../src/common/request-id';
import { requestFields } from '../../src/common/request-log';
import type { AppConfig } from '../../src/config/app-config';
import { serveForParent } from '../support/child-server';

export type LoggerUnderTest = 'ours' | 'nestjs-pino';
export const LOGGERS: LoggerUnderTest[] = ['ours', 'nestjs-pino'];

/** What GET /log writes inside the request, besides the request line. */
export const IN_REQUEST_MESSAGE = 'served a logged request';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

@Controller()
class BenchController {
  private readonly logger = new Logger(BenchController.name);

  // The same body as Photos' /health/live.
  @Get('json')
  json(): object {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('log')
  log(): object {
    this.logger.log(IN_REQUEST_MESSAGE);
    return { status: 'ok', info: {}, error: {}, details: {} };
  }
}

/** Only what rootLoggerOptions reads: the production (JSON) format, at npm start's level. */
const OUR_CONFIG: Pick<AppConfig, 'production' | 'logLevel'> = {
  production: true,
  logLevel: 'info',
};

function loggingModule(logger: LoggerUnderTest, logFile: string): DynamicModule {
  const destination = pino.destination(logFile);
  if (logger === 'ours') return LoggingModule.forRoot(OUR_CONFIG as AppConfig, destination);
  return LoggerModule.forRoot({
    pinoHttp: [
      {
        level: OUR_CONFIG.logLevel,
        genReqId: (req, res) => requestIdOf(req, res, true),
        // pino-http's own serializers log every request and response header (cookies, bearer
        // tokens, Set-Cookie); Photos logs the request's id, method and URL and the status only.
        serializers: {
          req: (req: { raw: Parameters<typeof requestFields>[0] }) => requestFields(req.raw),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      destination,
    ],
    exclude: [{ method: RequestMethod.ALL, path: 'health/*path' }],
  });
}

function benchModule(logger: LoggerUnderTest, logFile: string): DynamicModule {
  @Module({ controllers: [BenchController] })
  class BenchModule {}
  return { module: BenchModule, imports: [loggingModule(logger, logFile)] };
}

async function createBenchApp(
  logger: LoggerUnderTest,
  logFile: string,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    benchModule(logger, logFile),
    new PhotosExpressAdapter(),
    { bufferLogs: true, abortOnError: false },
  );
  if (logger === 'ours') {
    app.useLogger(app.get(AppLogger));
    // Behind a trusted proxy, as the sanity check sends its own X-Request-Id.
    app.use(requestId(true));
  } else {
    app.useLogger(app.get(PinoNestLogger));
  }
  app.disable('x-powered-by');
  return app;
}

if (require.main === module) {
  let app: NestExpressApplication;
  void serveForParent(
    async () => {
      const logger = env('LOGGER');
      if (!LOGGERS.includes(logger as LoggerUnderTest)) throw new Error(`LOGGER: ${logger}?`);
      app = await createBenchApp(logger as LoggerUnderTest, env('LOG_FILE'));
      await app.listen(Number(env('PORT')), '127.0.0.1');
      return Number(env('PORT'));
    },
    () => app.close(),
  );
}
