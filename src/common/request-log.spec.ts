import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { logWhenDone, requestFields } from './request-log';

interface Line {
  level: number;
  msg: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  responseTime?: number;
}

interface FakeResponse {
  statusCode: number;
  writableFinished: boolean;
  headers: Record<string, string>;
}

/** One request, as Node hands it over: its headers include a cookie and a bearer token. */
function oneRequest(url: string, status = 200) {
  const lines: Line[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  );
  const req = {
    method: 'GET',
    url,
    headers: {
      cookie: 'photos.sid=s%3Asecret-session',
      authorization: 'Bearer secret-token',
      'x-request-id': 'lb-42',
    },
  };
  const state: FakeResponse = { statusCode: status, writableFinished: false, headers: {} };
  const res = Object.assign(new EventEmitter(), state, {
    setHeader: (name: string, value: string) => void (state.headers[name.toLowerCase()] = value),
  });
  const fields = requestFields(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  logWhenDone(logger, fields, res as unknown as ServerResponse);
  // What the app writes back: a session cookie and a redirect carrying a code.
  res.setHeader('Set-Cookie', 'photos.sid=s%3Asecret-session');
  res.setHeader('Location', 'https://app.example/callback?code=secret-code');
  return {
    lines,
    req,
    finish: () => {
      res.writableFinished = true;
      res.emit('close');
    },
    abort: () => res.emit('close'),
  };
}

describe('request log', () => {
  it('writes one line when the response is done: id, method, URL, status and time, no header', () => {
    const request = oneRequest('/myphotos?cursor=abc');
    expect(request.lines).toEqual([]);
    request.finish();
    expect(request.lines).toHaveLength(1);
    const [line] = request.lines;
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        method: 'GET',
        url: '/myphotos?cursor=abc',
      },
      res: { statusCode: 200 },
    });
    expect(Object.keys(line.req!).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(line.res!)).toEqual(['statusCode']);
    expect(line.responseTime).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(request.lines)).not.toMatch(/secret/);
  });

  it.each(['/callback', '/Callback', '/callback/', '/CALLBACK//', '/%63allback'])(
    "keeps the callback's code and state out of the URL, however routing spells it: %s",
    (path) => {
      const request = oneRequest(`${path}?code=secret-code&state=secret-state`);
      request.finish();
      expect(request.lines[0].req).toMatchObject({ url: `${path}?[redacted]` });
      expect(JSON.stringify(request.lines)).not.toMatch(/secret/);
    },
  );

  it('takes no request id from the client by itself (the middleware decides, by TRUST_PROXY)', () => {
    const request = oneRequest('/');
    request.finish();
    expect(request.lines[0].req?.id).not.toBe('lb-42');
  });

  it("logs a URL's first 512 characters only", () => {
    const request = oneRequest(`/myphotos?cursor=${'x'.repeat(20_000)}`);
    request.finish();
    expect(String(request.lines[0].req?.url)).toHaveLength(513);
  });

  it('says when the client left before the answer, and when the answer was a server error', () => {
    const aborted = oneRequest('/api/photos');
    aborted.abort();
    expect(aborted.lines.map((line) => line.msg)).toEqual(['request aborted']);
    expect(aborted.lines[0].res).toEqual({ aborted: true }); // not the status it never sent
    const failed = oneRequest('/api/photos', 503);
    failed.finish();
    expect(failed.lines.map((line) => line.msg)).toEqual(['request errored']);
  });
});
