import { execFile } from 'node:child_process';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Headers that belong to one connection, never forwarded by a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te']);

/** A self-signed certificate for localhost and 127.0.0.1, valid one day (openssl CLI). */
async function localhostCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tls-lb-'));
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    return {
      key: await readFile(join(dir, 'key.pem'), 'utf8'),
      cert: await readFile(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * What an Application Load Balancer does in front of the app, on loopback: ends TLS (a
 * self-signed certificate for localhost), forwards plain HTTP to the app with
 * `X-Forwarded-For` (appended) and `X-Forwarded-Proto: https`, streams bodies both ways.
 */
export class TlsLoadBalancer {
  /** The app's port on 127.0.0.1; until set, every request gets 502 (no healthy target). */
  targetPort = 0;

  private constructor(
    private readonly server: Server,
    /** `https://localhost:PORT`: the public origin (the app's BASE_URL). */
    readonly origin: string,
    /** The certificate, for clients to trust (as a browser trusts a public CA). */
    readonly certificate: string,
  ) {}

  static async start(): Promise<TlsLoadBalancer> {
    const { key, cert } = await localhostCertificate();
    const holder: { balancer?: TlsLoadBalancer } = {};
    const server = createServer({ key, cert }, (req, res) => {
      const targetPort = holder.balancer!.targetPort;
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers))
        if (!HOP_BY_HOP.has(name)) headers[name] = value;
      const forwardedFor = req.headers['x-forwarded-for'];
      headers['x-forwarded-for'] = [forwardedFor, req.socket.remoteAddress]
        .filter(Boolean)
        .join(', ');
      headers['x-forwarded-proto'] = 'https';
      const upstream = httpRequest(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers },
        (answer: IncomingMessage) => {
          const raw: string[] = [];
          for (let i = 0; i < answer.rawHeaders.length; i += 2)
            if (!HOP_BY_HOP.has(answer.rawHeaders[i].toLowerCase()))
              raw.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
          res.writeHead(answer.statusCode ?? 502, raw);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        // The app is not listening (stopped, or not yet started): what an ALB answers.
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.balancer = new TlsLoadBalancer(server, `https://localhost:${port}`, cert);
    return holder.balancer;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A `fetch` (as much of it as test/support/browser.ts uses) that trusts `certificate` for https,
 * as a browser trusts the certificate of a real load balancer; plain http goes out as is. Node's
 * own fetch offers no way to add a trusted certificate after start.
 */
export function fetchTrusting(certificate: string): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init); // encodes a FormData or form body, with its type
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: OutgoingHttpHeaders = Object.fromEntries(request.headers);
    if (body) headers['content-length'] = String(body.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(
        url,
        { method: request.method, headers, ca: certificate, agent: false },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('error', reject);
          answer.on('end', () => {
            const answerHeaders = new Headers();
            for (let i = 0; i < answer.rawHeaders.length; i += 2)
              answerHeaders.append(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
            const status = answer.statusCode ?? 0;
            const empty = [204, 304].includes(status) || request.method === 'HEAD';
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                headers: answerHeaders,
              }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
}
