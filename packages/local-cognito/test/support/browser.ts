import { BrowserCookieJar } from './cookie-jar';
import { formWithAction, HtmlForm } from './html';

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** The body as received (for binary answers such as photo files). */
  bytes: Buffer;
  /** Every URL visited, the first request included, when redirects were followed. */
  history: string[];
}

export interface RequestOptions {
  method?: string;
  body?: URLSearchParams | FormData | string;
  headers?: Record<string, string>;
  /** Follow redirects as a browser does (default: the browser's own setting, itself default true). */
  follow?: boolean;
}

export interface BrowserOptions {
  /** false: every request stops at the first answer, so tests can inspect each redirect hop. */
  follow?: boolean;
  /** Replaces the global fetch, e.g. with one trusting a test certificate. */
  fetch?: typeof fetch;
}

const MAX_REDIRECTS = 15;

/** Acts as a browser over HTTP: keeps cookies per host, follows redirects, submits forms. */
export class Browser {
  readonly jar = new BrowserCookieJar();

  constructor(private readonly defaults: BrowserOptions = {}) {}

  async request(url: string, options: RequestOptions = {}): Promise<Page> {
    const history: string[] = [];
    let current = url;
    let method = (options.method ?? 'GET').toUpperCase();
    let body = options.body;
    const follow = options.follow ?? this.defaults.follow ?? true;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      history.push(current);
      const response = await this.once(current, method, body, options.headers);
      const location = response.headers.get('location');
      if (!follow || !location || response.status < 300 || response.status >= 400) {
        const bytes = Buffer.from(await response.arrayBuffer());
        return {
          status: response.status,
          url: current,
          headers: response.headers,
          body: bytes.toString('utf8'),
          bytes,
          history,
        };
      }
      await response.arrayBuffer();
      current = new URL(location, current).toString();
      if (response.status !== 307 && response.status !== 308) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new Error(`More than ${MAX_REDIRECTS} redirects from ${url}: ${history.join(' -> ')}`);
  }

  get(url: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<Page> {
    return this.request(url, options);
  }

  /** POSTs fields as an HTML form does (application/x-www-form-urlencoded). */
  postForm(
    url: string,
    fields: Record<string, string>,
    options: RequestOptions = {},
  ): Promise<Page> {
    return this.request(url, { ...options, method: 'POST', body: new URLSearchParams(fields) });
  }

  /** Submits a form found on `page`, with some fields changed, as the browser would. */
  submit(
    page: Page,
    action: RegExp,
    values: Record<string, string> = {},
    options: RequestOptions = {},
  ): Promise<Page> {
    const form: HtmlForm = formWithAction(page.body, action);
    const target = new URL(form.action || page.url, page.url).toString();
    const body = new URLSearchParams({ ...form.fields, ...values });
    if (form.method === 'get')
      return this.request(`${target.split('?')[0]}?${body.toString()}`, options);
    return this.request(target, { ...options, method: 'POST', body });
  }

  /** The whole hosted-UI sign-in, as a person does it: app /login → Cognito form → callback. */
  async signIn(
    baseUrl: string,
    username: string,
    password: string,
    returnTo?: string,
  ): Promise<Page> {
    const start = returnTo
      ? `${baseUrl}/login?returnTo=${encodeURIComponent(returnTo)}`
      : `${baseUrl}/login`;
    const form = await this.get(start);
    if (form.status !== 200) throw new Error(`Sign-in page answered ${form.status} at ${form.url}`);
    return this.submit(form, /login/, { username, password });
  }

  /** Signs out with the page's own "Log out" button. */
  async signOut(baseUrl: string, options: RequestOptions = {}): Promise<Page> {
    const page = await this.get(`${baseUrl}/logout`);
    return this.submit(page, /\/logout$/, {}, options);
  }

  private async once(
    url: string,
    method: string,
    body: RequestOptions['body'],
    headers: Record<string, string> = {},
  ) {
    const cookie = this.jar.header(url);
    const send = this.defaults.fetch ?? fetch;
    const response = await send(url, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    this.jar.store(url, response.headers.getSetCookie());
    return response;
  }
}
