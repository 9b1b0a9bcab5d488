import { ConsoleLogger, Logger } from '@nestjs/common';
import pino from 'pino';
import { AppLogger } from './app-logger';

function capture(): { logger: AppLogger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const root = pino({ level: 'info' }, { write: (line: string) => void written.push(line) });
  return {
    logger: new AppLogger(root),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('AppLogger', () => {
  it('writes Nest’s message with its context, at the matching level', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('Lost an idle connection', 'Database');
    logger.debug('below the level', 'Database');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, context: 'NestApplication' }),
      expect.objectContaining({ level: 40, context: 'Database', msg: 'Lost an idle connection' }),
    ]);
  });

  it('writes Nest’s start-up chatter (modules loaded, routes mapped) at debug, not info', () => {
    const { logger, lines } = capture();
    logger.log('Mapped {/myphotos, GET} route', 'RouterExplorer');
    logger.log('PhotosPageController {/}:', 'RoutesResolver');
    logger.log('PhotosModule dependencies initialized', 'InstanceLoader');
    expect(lines()).toEqual([]);
  });

  it('keeps the stack Nest’s exception handlers pass beside the message', () => {
    const { logger, lines } = capture();
    const stack = 'Error: boom\n    at handler (src/x.ts:1:1)';
    logger.error('boom', stack, 'ExceptionsHandler');
    const [line] = lines();
    expect(line).toMatchObject({ level: 50, context: 'ExceptionsHandler', msg: 'boom' });
    expect(line.err).toMatchObject({ message: 'boom', stack });
  });

  it('logs an Error or an object message as the line’s fields', () => {
    const { logger, lines } = capture();
    logger.error(new Error('disk full'), 'Photos');
    logger.log({ msg: 'swept', removed: 3 }, 'Sweeper');
    const [error, object] = lines();
    expect(error).toMatchObject({ context: 'Photos', err: { message: 'disk full' } });
    expect(object).toMatchObject({ context: 'Sweeper', msg: 'swept', removed: 3 });
  });

  it('writes through the request’s logger inside `within`, across awaits, and the root outside', async () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    try {
      await new Promise<void>((done) =>
        logger.within({ id: 'req-1', method: 'POST', url: '/api/photos' }, () => {
          void (async () => {
            await new Promise((resolve) => setImmediate(resolve));
            new Logger('Photos').log('uploaded');
            done();
          })();
        }),
      );
      new Logger('Sweeper').log('swept');
    } finally {
      Logger.overrideLogger(new ConsoleLogger());
    }
    expect(lines()).toEqual([
      expect.objectContaining({
        req: { id: 'req-1', method: 'POST', url: '/api/photos' },
        context: 'Photos',
        msg: 'uploaded',
      }),
      expect.not.objectContaining({ req: expect.anything() }),
    ]);
  });
});
