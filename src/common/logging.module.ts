import {
  DynamicModule,
  Global,
  Inject,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { AppLogger } from './app-logger';
import { rootLoggerOptions } from './logger-options';
import { logWhenDone, requestFields } from './request-log';

const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Logs through pino: one line per request (request-log.ts) and Nest's own logger (`AppLogger`)
 * bound to the request being handled. Our own small module rather than nestjs-pino, which is
 * built on pino-http: its request bookkeeping (two properties and three listeners added to each
 * request and response, a child logger made for every request though few log anything) cost
 * more than the line itself, and measured beside this module nestjs-pino 5 was not faster and
 * most runs a little slower (docs/PERFORMANCE.md, "Logging").
 */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const root = pino(...rootLoggerOptions(config, destination));
    return {
      module: LoggingModule,
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        { provide: AppLogger, useValue: new AppLogger(root) },
      ],
      exports: [AppLogger],
    };
  }

  constructor(
    @Inject(ROOT_LOGGER) private readonly root: Logger,
    private readonly logger: AppLogger,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const logRequest = (req: Request, res: Response, next: NextFunction): void => {
      const fields = requestFields(req, res);
      logWhenDone(this.root, fields, res);
      this.logger.within(fields, next);
    };
    consumer
      .apply(logRequest)
      // Health checks are never logged (the load balancer asks every few seconds): they skip the
      // request logger altogether.
      .exclude({ method: RequestMethod.ALL, path: 'health/*path' })
      .forRoutes({ method: RequestMethod.ALL, path: '{/*splat}' });
  }
}
