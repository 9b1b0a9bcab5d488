import type { DestinationStream, LoggerOptions } from 'pino';
import { AppConfig } from '../config/app-config';
import { prettyLogStream } from './pretty-log-stream';

/** The app's one pino logger: JSON for log collectors in production, readable lines otherwise. */
export function rootLoggerOptions(
  config: AppConfig,
  destination?: DestinationStream,
): [LoggerOptions, DestinationStream?] {
  const options: LoggerOptions = { level: config.logLevel };
  const target = destination ?? (config.production ? undefined : prettyLogStream());
  return target ? [options, target] : [options];
}
