/**
 * A browser-like cookie jar: cookies belong to a host name, not a port (as in browsers), so the
 * app and the local Cognito on other ports of localhost see each other's cookies, as they would.
 */
interface StoredCookie {
  value: string;
  path: string;
  expires?: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
}

export class CookieJar {
  private readonly byHost = new Map<string, Map<string, StoredCookie>>();

  store(url: string, setCookieHeaders: string[]): void {
    const host = new URL(url).hostname;
    const cookies = this.byHost.get(host) ?? new Map<string, StoredCookie>();
    this.byHost.set(host, cookies);
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const cookie: StoredCookie = {
        value: pair.slice(eq + 1),
        path: '/',
        secure: false,
        httpOnly: false,
      };
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const value = rest.join('=');
        switch (key.toLowerCase()) {
          case 'path':
            cookie.path = value;
            break;
          case 'expires':
            cookie.expires = Date.parse(value);
            break;
          case 'max-age':
            cookie.expires = Date.now() + Number(value) * 1000;
            break;
          case 'secure':
            cookie.secure = true;
            break;
          case 'httponly':
            cookie.httpOnly = true;
            break;
          case 'samesite':
            cookie.sameSite = value;
            break;
        }
      }
      if (cookie.expires !== undefined && cookie.expires <= Date.now()) cookies.delete(name);
      else cookies.set(name, cookie);
    }
  }

  header(url: string): string | undefined {
    const { hostname, pathname } = new URL(url);
    const cookies = this.byHost.get(hostname);
    if (!cookies) return undefined;
    const now = Date.now();
    const pairs = [...cookies.entries()]
      .filter(
        ([, c]) => (c.expires === undefined || c.expires > now) && pathname.startsWith(c.path),
      )
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  get(host: string, name: string): string | undefined {
    return this.byHost.get(host)?.get(name)?.value;
  }

  set(host: string, name: string, value: string): void {
    const cookies = this.byHost.get(host) ?? new Map<string, StoredCookie>();
    cookies.set(name, { value, path: '/', secure: false, httpOnly: true });
    this.byHost.set(host, cookies);
  }

  delete(host: string, name: string): void {
    this.byHost.get(host)?.delete(name);
  }

  attributes(host: string, name: string): StoredCookie | undefined {
    return this.byHost.get(host)?.get(name);
  }
}
