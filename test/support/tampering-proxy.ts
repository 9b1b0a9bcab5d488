import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface TokenResponse {
  id_token?: string;
  access_token?: string;
  refresh_token?: string;
  [key: string]: unknown;
}

/**
 * Stands between the app and the local Cognito as an attacker on the token channel would:
 * forwards every request, and lets a test rewrite the token endpoint's answer.
 */
export class TamperingProxy {
  tamper: ((tokens: TokenResponse) => TokenResponse | Promise<TokenResponse>) | undefined;
  /** The grant_type of every request that reached the token endpoint, in order. */
  readonly tokenGrants: string[] = [];
  /** When set, the token endpoint answers with this status instead (an outage). */
  failTokenEndpointWith: number | undefined;
  /** When set, the revocation endpoint answers with this status instead (an outage). */
  failRevokeEndpointWith: number | undefined;
  /** When set, userInfo answers with this status, or never answers (`'hang'`): an outage. */
  failUserInfoWith: number | 'hang' | undefined;
  /** How many requests reached userInfo (answered or failed here). */
  userInfoRequests = 0;
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(target: string): Promise<TamperingProxy> {
    const holder: { proxy?: TamperingProxy } = {};
    const server = createServer((req, res) => {
      void holder.proxy!.forward(target, req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.proxy = new TamperingProxy(server, `http://localhost:${port}`);
    return holder.proxy;
  }

  private async forward(target: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url?.startsWith('/oauth2/token') && this.failTokenEndpointWith) {
      res.statusCode = this.failTokenEndpointWith;
      res.end('upstream unavailable');
      return;
    }
    if (req.url?.startsWith('/oauth2/revoke') && this.failRevokeEndpointWith) {
      res.statusCode = this.failRevokeEndpointWith;
      res.end('upstream unavailable');
      return;
    }
    if (req.url?.startsWith('/oauth2/userInfo')) {
      this.userInfoRequests++;
      if (this.failUserInfoWith === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if (this.failUserInfoWith) {
        res.statusCode = this.failUserInfoWith;
        res.end('upstream unavailable');
        return;
      }
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key))
        headers[key] = value;
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    });
    if (req.url?.startsWith('/oauth2/token')) {
      this.tokenGrants.push(
        new URLSearchParams(Buffer.concat(chunks).toString()).get('grant_type') ?? '',
      );
    }
    let body = Buffer.from(await upstream.arrayBuffer());
    if (req.url?.startsWith('/oauth2/token') && upstream.ok && this.tamper) {
      body = Buffer.from(
        JSON.stringify(await this.tamper(JSON.parse(body.toString()) as TokenResponse)),
      );
    }
    upstream.headers.forEach((value, key) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'set-cookie'].includes(key))
        res.setHeader(key, value);
    });
    const cookies = upstream.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader('set-cookie', cookies);
    res.statusCode = upstream.status;
    res.end(body);
  }

  close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
