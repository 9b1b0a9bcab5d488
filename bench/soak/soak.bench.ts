/**
 * Soak: simulated users for minutes across two instances of the app (child processes, so each
 * has its own memory) on one PostgreSQL, mixing sign-in, page views, API reads, uploads and
 * deletes. Built on the benchmarks' shared stack (bench/support/bench-stack.ts: the test stack's
 * database and local Cognito) and child servers (bench/support/child-server.ts). Prints requests
 * per second, p50/p99 per kind of action, every answer that is neither 2xx/3xx nor a 429 as an
 * error (by kind), each instance's RSS every 30 s and the machine's load at start and end.
 *
 *   node --require ./bench/register.js bench/soak/soak.bench.ts
 *   SOAK_USERS=100 SOAK_SECONDS=300 SOAK_RAMP_SECONDS=90 (defaults)
 *
 * Users arrive over SOAK_RAMP_SECONDS (signing in as they come), then all of them act for
 * SOAK_SECONDS: the figures are those of that steady window; errors count from the first request.
 */
import { loadavg } from 'node:os';
import { findFreePort } from '../../src/common/free-port';
import type { LocalCognitoSeedUser } from '../../packages/local-cognito/src/local-cognito.config';
import { buildOnce } from '../../test/support/app-process';
import { apiTokens, type TokenSource } from '../../test/support/api-token';
import { Browser, type Page } from '../../test/support/browser';
import { fixtureSync } from '../../test/support/fixtures';
import { forms, formWithAction } from '../../test/support/html';
import { startEverything } from '../support/bench-stack';
import { ChildServer } from '../support/child-server';
import { machine, mib, percentile } from '../support/figures';

const USERS = Number(process.env.SOAK_USERS ?? 100);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
/**
 * Users arrive over this many seconds, as people do, not all in one second: each first sign-in
 * costs the local Cognito one scrypt (one at a time, 32 waiting at most, docs/SECURITY.md finding 10).
 */
const RAMP_SECONDS = Number(process.env.SOAK_RAMP_SECONDS ?? 90);
const SAMPLE_MS = 30_000;
const PHOTO = fixtureSync('rocket.jpg');
/** A person told "busy, try again in N seconds" tries again; a few times, then gives up. */
const BUSY_RETRIES = 5;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

type Action = 'sign-in' | 'page' | 'api read' | 'upload' | 'delete';

class Figures {
  /** Milliseconds per action, in the steady window only. */
  readonly latencies = new Map<Action, number[]>();
  requests = 0;
  ok = 0;
  throttled = 0;
  errors = 0;
  readonly errorKinds = new Map<string, number>();
  readonly throttledKinds = new Map<string, number>();
  /** Actions that could not be done, by reason (most follow from an error counted above). */
  readonly failedActions = new Map<string, number>();
  measuring = false;

  answer(what: string, status: number): void {
    if (this.measuring) this.requests++;
    if (status === 429) {
      this.throttled++;
      this.throttledKinds.set(what, (this.throttledKinds.get(what) ?? 0) + 1);
    } else if (status >= 400) this.error(`${what}: ${status}`);
    else this.ok++;
  }

  error(kind: string): void {
    this.errors++;
    this.errorKinds.set(kind, (this.errorKinds.get(kind) ?? 0) + 1);
  }

  failed(reason: string): void {
    this.failedActions.set(reason, (this.failedActions.get(reason) ?? 0) + 1);
  }

  took(action: Action, ms: number): void {
    if (!this.measuring) return;
    const list = this.latencies.get(action) ?? [];
    list.push(ms);
    this.latencies.set(action, list);
  }
}

const figures = new Figures();

/** "fetch failed" says nothing: undici puts the socket's own error (code, message) in `cause`. */
function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return cause ? `${error.message} (${cause.code ?? cause.name}: ${cause.message})` : error.message;
}

/** Every HTTP request of the soak goes through here: each answer is counted, none is missed. */
function countingFetch(names: Map<string, string>): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const method = init?.method ?? 'GET';
    const what = `${method} ${names.get(url.origin) ?? url.origin}${url.pathname.replace(UUID, ':id')}`;
    try {
      const response = await fetch(input, init);
      figures.answer(what, response.status);
      return response;
    } catch (error) {
      figures.error(`${what}: ${explain(error)}`);
      throw error;
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const loads = (): string =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');

/** The local Cognito's deliberate "busy" page: 503 with Retry-After, at its own origin. */
function busyFor(page: Page, idpOrigin: string): number | undefined {
  const retryAfter = page.headers.get('retry-after');
  if (page.status !== 503 || !page.url.startsWith(idpOrigin) || retryAfter === null) return;
  return Number(retryAfter) * 1000;
}

interface Soak {
  source: TokenSource;
  instances: string[];
  fetch: typeof fetch;
  until: () => number;
}

/** One person: signs in (and gets API tokens in the same browser), then acts until the end. */
class SimulatedUser {
  private browser: Browser;
  private accessToken?: string;

  constructor(
    private readonly user: LocalCognitoSeedUser,
    private readonly soak: Soak,
  ) {
    this.browser = new Browser({ fetch: soak.fetch });
  }

  async run(): Promise<void> {
    while (Date.now() < this.soak.until()) {
      if (!this.accessToken) {
        await this.timed('sign-in', () => this.signIn(pick(this.soak.instances)));
        continue;
      }
      await sleep(200 + Math.random() * 800); // reading the page
      const at = pick(this.soak.instances); // the load balancer sends each request anywhere
      const roll = Math.random();
      // Signing out and in again once in ~100 actions (about every two minutes) is already far
      // more often than people do; each costs the local Cognito a password check.
      if (roll < 0.01) await this.timed('sign-in', () => this.signOutAndIn(at));
      else if (roll < 0.55) await this.timed('page', () => this.page(at));
      else if (roll < 0.85) await this.timed('api read', () => this.apiRead(at));
      else if (roll < 0.93) await this.timed('upload', () => this.upload(at));
      else await this.timed('delete', () => this.delete(at));
    }
  }

  private async timed(action: Action, run: () => Promise<void>): Promise<void> {
    const start = performance.now();
    try {
      await run();
    } catch (error) {
      // HTTP answers are counted as they arrive; this is what the answer meant for the action.
      figures.failed(`${action}: ${explain(error).replace(UUID, ':id').slice(0, 200)}`);
      // This person tries again in a while, not at once.
      if (action === 'sign-in') await sleep(5000 + Math.random() * 5000);
    }
    figures.took(action, performance.now() - start);
  }

  /** The hosted UI, patiently: on the local Cognito's "busy" page, waits Retry-After and retries. */
  private async signIn(at: string): Promise<void> {
    this.accessToken = undefined;
    this.browser = new Browser({ fetch: this.soak.fetch });
    const { username, password } = this.user;
    for (let attempt = 1; ; attempt++) {
      const home = await this.browser.signIn(at, username, password);
      const wait = busyFor(home, this.soak.source.idp.origin);
      if (wait !== undefined && attempt < BUSY_RETRIES) {
        await sleep(wait);
        continue;
      }
      if (home.status !== 200) throw new Error(`sign-in ended with ${home.status}`);
      break;
    }
    // The hosted-UI session signs the API client in without the password, as in a real browser.
    const tokens = await apiTokens(this.soak.source, this.user, undefined, this.browser);
    this.accessToken = tokens.accessToken;
  }

  private async signOutAndIn(at: string): Promise<void> {
    const out = await this.browser.signOut(at);
    if (out.status !== 200) throw new Error(`sign-out ended with ${out.status}`);
    await this.signIn(pick(this.soak.instances));
  }

  private async page(at: string): Promise<void> {
    await this.browser.get(`${at}${pick(['/', '/myphotos'])}`);
  }

  private async apiRead(at: string): Promise<void> {
    const response = await this.soak.fetch(`${at}/api/photos`, {
      headers: { authorization: `Bearer ${this.accessToken}` },
    });
    await response.arrayBuffer();
  }

  /** The page's own upload form (its CSRF token and fields), with one photo. */
  private async upload(at: string): Promise<void> {
    const page = await this.browser.get(`${at}/myphotos`);
    if (page.status !== 200) return; // counted as an error; no form to post
    const form = formWithAction(page.body, /^\/myphotos$/);
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.set(name, value);
    body.set('description', 'soak');
    body.set('photo', new Blob([PHOTO], { type: 'image/jpeg' }), 'rocket.jpg');
    await this.browser.request(`${at}/myphotos`, { method: 'POST', body, follow: false });
  }

  /**
   * Deletes one of the user's photos as a person without scripts does: the photo's "Delete" button
   * (a GET form) opens the confirmation page, whose form posts the delete. No photo yet: nothing.
   */
  private async delete(at: string): Promise<void> {
    const page = await this.browser.get(`${at}/myphotos`);
    if (page.status !== 200) return;
    const opener = forms(page.body).find((form) => /^\/myphotos\/[^/]+\/delete$/.test(form.action));
    if (!opener) return;
    const action = new RegExp(`^${opener.action}$`);
    const confirm = await this.browser.submit(page, action);
    if (confirm.status !== 200) return;
    await this.browser.submit(confirm, action, {}, { follow: false });
  }
}

async function main(): Promise<void> {
  const users: LocalCognitoSeedUser[] = Array.from({ length: USERS }, (_, i) => ({
    username: `soak${i}`,
    password: `soak-password-${i}`,
    email: `soak${i}@example.com`,
    nickname: `Soak ${i}`,
  }));
  await buildOnce(); // the local Cognito runs from dist/
  const running = await startEverything('soak', {
    startApp: false,
    users,
    // The per-user write limit stays at its default (60 a minute): a 429 there is deliberate.
    env: { RATE_LIMIT_WRITES_PER_MINUTE: '60', LOG_LEVEL: 'warn' },
  });
  const instances: ChildServer[] = [];
  try {
    // Instance A listens where BASE_URL (and so the registered callback) points; B beside it.
    for (const [name, port] of [
      ['A', running.env.PORT],
      ['B', String(await findFreePort())],
    ]) {
      instances.push(
        await ChildServer.start({
          name,
          script: 'bench/http/photos-server.ts',
          env: { ...running.env, PORT: port },
        }),
      );
    }
    const names = new Map([
      [running.idp.origin, 'idp'],
      ...instances.map((instance) => [instance.baseUrl, instance.name] as [string, string]),
    ]);
    let until = Infinity;
    const soak: Soak = {
      source: running,
      instances: instances.map((instance) => instance.baseUrl),
      fetch: countingFetch(names),
      until: () => until,
    };
    const rss = async () => Promise.all(instances.map((instance) => instance.rss()));
    const rssLine = (bytes: number[]) => bytes.map(mib).join('/');

    const loadAtStart = loads();
    const rssAtStart = await rss();
    console.log(`${machine()}; load (1, 5, 15 min) ${loadAtStart}`);
    console.log(`RSS MiB A/B at start: ${rssLine(rssAtStart)}`);
    const series: string[] = [];
    const sampler = setInterval(() => {
      void rss().then((bytes) => {
        series.push(rssLine(bytes));
        console.log(`  ${new Date().toISOString()} RSS MiB A/B ${rssLine(bytes)}, load ${loads()}`);
      });
    }, SAMPLE_MS);

    const people = users.map((user) => new SimulatedUser(user, soak));
    const journeys = people.map(async (person, index) => {
      await sleep((index * RAMP_SECONDS * 1000) / USERS);
      await person.run();
    });
    await sleep(RAMP_SECONDS * 1000);
    figures.measuring = true;
    const began = performance.now();
    until = Date.now() + SECONDS * 1000;
    console.log(`All ${USERS} users arrived; measuring for ${SECONDS} s`);
    await Promise.all(journeys);
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    const rssAtEnd = await rss();

    console.log(`Load (1, 5, 15 min) at start ${loadAtStart}, at end ${loads()}`);
    console.log(
      `${USERS} users, ${seconds.toFixed(0)} s steady after a ${RAMP_SECONDS} s ramp, 2 instances: ` +
        `${(figures.requests / seconds).toFixed(1)} HTTP req/s; ` +
        `since the first request: ${figures.ok} ok (2xx/3xx), ${figures.throttled} throttled (429), ` +
        `${figures.errors} errors (any other answer, or none)`,
    );
    for (const [action, list] of figures.latencies) {
      const sorted = list.sort((a, b) => a - b);
      console.log(
        `  ${action.padEnd(8)} ${String(sorted.length).padStart(6)} actions, ` +
          `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms`,
      );
    }
    const all = [...figures.latencies.values()].flat().sort((a, b) => a - b);
    console.log(
      `  all      ${String(all.length).padStart(6)} actions, ` +
        `p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms`,
    );
    console.log(`RSS MiB A/B: start ${rssLine(rssAtStart)}, end ${rssLine(rssAtEnd)}`);
    console.log(`RSS MiB A/B every 30 s: ${series.join(', ')}`);
    const byCount = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
    for (const [kind, count] of byCount(figures.throttledKinds))
      console.log(`  429 ${count}× ${kind}`);
    for (const [kind, count] of byCount(figures.errorKinds))
      console.log(`  error ${count}× ${kind}`);
    for (const [reason, count] of byCount(figures.failedActions))
      console.log(`  failed action ${count}× ${reason}`);
  } finally {
    for (const instance of instances) await instance.stop();
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
