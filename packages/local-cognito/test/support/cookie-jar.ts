import { Cookie, CookieJar } from 'tough-cookie';

/**
 * The cookies of one test browser, kept by tough-cookie (RFC 6265: domain, path, expiry, Secure
 * and prefixes as a browser applies them). Cookies belong to a host name, not a port, so the app
 * and the local Cognito on other ports of localhost see each other's cookies, as in browsers.
 * The methods below are the few questions tests ask by host and name.
 */
export class BrowserCookieJar {
  readonly cookies = new CookieJar();

  /** Takes the Set-Cookie headers of a response to `url`; those a browser would refuse are dropped. */
  store(url: string, setCookieHeaders: string[]): void {
    for (const header of setCookieHeaders)
      this.cookies.setCookieSync(header, url, { ignoreError: true });
  }

  /** The Cookie header a browser would send to `url`. */
  header(url: string): string | undefined {
    return this.cookies.getCookieStringSync(url) || undefined;
  }

  get(host: string, name: string): string | undefined {
    return this.attributes(host, name)?.value;
  }

  /** Plants a cookie as if the server had set it (Path=/, HttpOnly). */
  set(host: string, name: string, value: string): void {
    const cookie = new Cookie({ key: name, value, path: '/', httpOnly: true });
    this.cookies.setCookieSync(cookie, `http://${host}/`);
  }

  /** Forgets a cookie, as the browser does when the server expires it. */
  delete(host: string, name: string): void {
    const cookie = this.attributes(host, name);
    if (cookie)
      this.store(`http://${host}${cookie.path ?? '/'}`, [
        `${name}=; Path=${cookie.path ?? '/'}; Max-Age=0`,
      ]);
  }

  /** Everything the jar knows about one cookie (flags, path, expiry). */
  attributes(host: string, name: string): Cookie | undefined {
    return this.cookies
      .getCookiesSync(`http://${host}/`, { allPaths: true })
      .find((cookie) => cookie.key === name);
  }
}
