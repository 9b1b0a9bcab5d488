import { formatLogLine } from './pretty-log-stream';

describe('the readable log line (development)', () => {
  const time = new Date('2026-12-03T19:40:00').getTime();

  it('ends a request line with the request id the response carried', () => {
    const line = formatLogLine({
      level: 30,
      time,
      req: { id: 'b7c1', method: 'GET', url: '/myphotos' },
      res: { statusCode: 200 },
      responseTime: 12,
      msg: 'request completed',
    });
    expect(line).toBe('19:40:00 INFO  GET /myphotos 200 12ms (request b7c1)\n');
  });

  it('says "aborted", not the status that was never sent, when the client left first', () => {
    const line = formatLogLine({
      level: 30,
      time,
      req: { id: 'b7c1', method: 'POST', url: '/api/photos' },
      res: { aborted: true },
      responseTime: 80,
      msg: 'request aborted',
    });
    expect(line).toBe('19:40:00 INFO  POST /api/photos aborted 80ms (request b7c1)\n');
  });

  it('writes line breaks from any text as escapes: nothing can start a line of its own', () => {
    const line = formatLogLine({
      level: 40,
      time,
      context: 'SignIn',
      msg: 'Sign-in failed: \n19:40:00 INFO  [Shutdown] Stopped\r\u2028',
    });
    expect(line.split('\n')).toHaveLength(2); // the line and its own end
    expect(line).toContain('failed: \\n19:40:00 INFO  [Shutdown] Stopped\\r\\u2028');
  });
});
