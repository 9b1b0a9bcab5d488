import { request } from 'node:http';

/**
 * A `fetch` (enough of it for `Browser`: http, string or URLSearchParams bodies, no redirects)
 * whose connections leave from `localAddress`, so a test can act as another client address:
 * on Linux every 127.x.y.z is this machine.
 */
export function fetchFrom(localAddress: string): typeof fetch {
  return (async (input: string | URL, init: RequestInit = {}) => {
    const body =
      typeof init.body === 'string' || init.body instanceof URLSearchParams
        ? init.body.toString()
        : undefined;
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined) {
      headers['content-type'] ??=
        init.body instanceof URLSearchParams
          ? 'application/x-www-form-urlencoded;charset=UTF-8'
          : 'text/plain;charset=UTF-8';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise<Response>((resolve, reject) => {
      const req = request(input, { method: init.method ?? 'GET', headers, localAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            for (const one of [value ?? []].flat()) answer.append(name, one);
          const status = res.statusCode ?? 0;
          const empty = status === 204 || status === 304;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: answer }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch;
}
