import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import { loadAppConfig } from '../config/load-app-config';
import { requestLoggerOptions } from './logger-options';

interface Line {
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  responseTime?: number;
  msg?: string;
}

/** One request through the request logger as the app configures it; its log lines, parsed. */
function logOneRequest(url: string, headers: Record<string, string>, status = 200): Line[] {
  const lines: Line[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
  const config = loadAppConfig({
    COGNITO_DOMAIN: 'photos.auth.eu-west-1.amazoncognito.com',
    COGNITO_REGION: 'eu-west-1',
    COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
    COGNITO_CLIENT_ID: 'abcdefghijklmnopqrstuvwxyz',
    COGNITO_CLIENT_SECRET: 'secret',
    DATABASE_URL: 'postgres://u:p@db/photos',
    SESSION_SECRET: 'x'.repeat(32),
    LOG_LEVEL: 'info',
  });
  const log = pinoHttp(...requestLoggerOptions(config, destination));
  const req = Object.assign(new EventEmitter(), { method: 'GET', url, headers });
  const responseHeaders: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    statusCode: status,
    writableEnded: true,
    setHeader: (name: string, value: string) => void (responseHeaders[name.toLowerCase()] = value),
    getHeader: (name: string) => responseHeaders[name.toLowerCase()],
    getHeaders: () => responseHeaders,
  });
  log(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  res.setHeader('Set-Cookie', 'photos.sid=s%3Asecret-session');
  res.setHeader('Location', 'https://app.example/callback?code=secret-code');
  res.emit('finish');
  return lines;
}

describe('request log lines', () => {
  it('hold the request id, method, URL and status, and no header', () => {
    const lines = logOneRequest('/myphotos?cursor=abc', {
      cookie: 'photos.sid=s%3Asecret-session',
      authorization: 'Bearer secret-token',
      'x-request-id': 'lb-42',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      req: { id: 'lb-42', method: 'GET', url: '/myphotos?cursor=abc' },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(Object.keys(lines[0].req!).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(lines[0].res!)).toEqual(['statusCode']);
    expect(JSON.stringify(lines)).not.toMatch(/secret/);
  });

  it("keep the callback's code and state out", () => {
    const [line] = logOneRequest('/callback?code=secret-code&state=secret-state', {});
    expect(line.req).toMatchObject({ url: '/callback?[redacted]' });
    expect(JSON.stringify(line)).not.toMatch(/secret/);
  });
});
