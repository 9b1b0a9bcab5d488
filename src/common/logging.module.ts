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
import type { DestinationStream } from 'pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { AppLogger } from './app-logger';
import { requestLoggerOptions } from './logger-options';

const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * Logs through pino: one line per request (pino-http) and Nest's own logger (`AppLogger`) bound to
 * the request being handled. Our own small module rather than nestjs-pino: nestjs-pino 5, the only
 * line that supports Nest 12, declares Node >=22.12, and the Node this project runs on is 20.
 */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const http = pinoHttp(...requestLoggerOptions(config, destination));
    return {
      module: LoggingModule,
      providers: [
        { provide: HTTP_LOGGER, useValue: http },
        { provide: AppLogger, useValue: new AppLogger(http.logger) },
      ],
      exports: [AppLogger],
    };
  }

  constructor(
    @Inject(HTTP_LOGGER) private readonly http: HttpLogger,
    private readonly logger: AppLogger,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    const logRequest = (req: Request, res: Response, next: NextFunction): void => {
      this.http(req, res);
      this.logger.within(req.log, next);
    };
    consumer
      .apply(logRequest)
      // Health checks are never logged (the load balancer asks every few seconds): they skip the
      // request logger altogether rather than pay for a child logger per probe.
      .exclude({ method: RequestMethod.ALL, path: 'health/*path' })
      .forRoutes({ method: RequestMethod.ALL, path: '{/*splat}' });
  }
}
