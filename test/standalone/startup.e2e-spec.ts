import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/common/free-port';
import { startRawUpload, statusOf } from '../photos/raw-upload';
import { buildOnce } from '../support/app-process';
import { Browser } from '../support/browser';
import { fixture } from '../support/fixtures';
import { listeningAddresses } from '../support/listening-addresses';

const ROOT = join(__dirname, '..', '..');
/** A refused start must say so within this time (module loading alone takes seconds here). */
const REFUSAL_MS = 30_000;

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

/** `node dist/main.js`, as `npm start` runs it, with a clean development environment. */
function startPhotos(settings: Record<string, string>): Run {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...settings };
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => ({ stdout, stderr }), exited };
}

async function waitFor(run: Run, text: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!run.output().stdout.includes(text)) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`"${text}" never came:\n${run.output().stdout}\n${run.output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs a start that must be refused; returns what it printed on stderr. */
async function refusedStart(settings: Record<string, string>): Promise<string> {
  const run = startPhotos(settings);
  const timer = setTimeout(() => run.child.kill('SIGKILL'), REFUSAL_MS);
  const code = await run.exited;
  clearTimeout(timer);
  expect(code).not.toBe(0);
  expect(code).not.toBeNull(); // null: killed because it never exited by itself
  const { stdout, stderr } = run.output();
  expect(stdout).not.toContain('Photos is running');
  expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(stderr).not.toContain('pool');
  return stderr.trim();
}

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'photos-startup-'));
  await chmod(dir, 0o711); // as root, PostgreSQL runs as its own OS user, which must enter it
  return join(dir, 'data');
}

/** What a person meets when starting Photos the way the README says, and when that goes wrong. */
describe('Starting Photos as a person does', () => {
  let first: Run;
  let firstDataDir: string;
  let port: number;
  let cognitoPort: number;
  const folders: string[] = [];

  beforeAll(async () => {
    await buildOnce();
    firstDataDir = await dataFolder();
    folders.push(firstDataDir);
    // What a Photos killed on this machine (kill -9, a crash) left: its lock and spool folder.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await mkdir(join(firstDataDir, 'upload-spool', `spool-${hostname()}-${gone}-AbC123`), {
      recursive: true,
    });
    await writeFile(join(firstDataDir, 'photos.pid'), `${gone}\n`);
    [port, cognitoPort] = [await findFreePort(), await findFreePort()];
    first = startPhotos({
      PORT: String(port),
      LOCAL_COGNITO_PORT: String(cognitoPort),
      DATA_DIR: firstDataDir,
    });
    await waitFor(first, 'Photos is running', 150_000);
  }, 240_000);

  afterAll(async () => {
    if (first?.child.exitCode === null) {
      first.child.kill('SIGKILL');
      await first.exited;
    }
    await Promise.all(folders.map((dir) => rm(join(dir, '..'), { recursive: true, force: true })));
  });

  async function expectFirstStillServing(): Promise<void> {
    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).toBe(200);
  }

  it('prints readable log lines, then the banner of the README last', async () => {
    const { stdout } = first.output();
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(stdout).not.toMatch(/^\{"level"/m);
    expect(stdout).toMatch(/^\d\d:\d\d:\d\d INFO {2}\[NestApplication\] /m);
    const banner = stdout.slice(stdout.indexOf('Photos is running at'));
    expect(banner).toContain(`http://localhost:${port}`);
    expect(banner).not.toMatch(/\d\d:\d\d:\d\d (INFO|WARN|ERROR)/); // nothing logged after it
    const demo = /\*\*(\S+) \/ (\S+)\*\*/.exec(readme);
    expect(demo).not.toBeNull();
    expect(banner).toContain(`Demo user:    ${demo![1]} / ${demo![2]}`);
  });

  it('listens on this machine only (HOST defaults to 127.0.0.1 outside production), as the banner says', async () => {
    expect(await listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect(first.output().stdout).toContain(`Listening on: 127.0.0.1:${port}`);
  });

  it('refuses a second Photos on the same data folder, naming it, the other process and what to do', async () => {
    const pid = (await readFile(join(firstDataDir, 'photos.pid'), 'utf8')).trim();
    const said = await refusedStart({
      PORT: String(await findFreePort()),
      LOCAL_COGNITO_PORT: String(await findFreePort()),
      DATA_DIR: firstDataDir,
    });
    expect(said).toBe(
      `Another Photos (pid ${pid}) is already using the data folder ${firstDataDir}: stop it, or set DATA_DIR to another folder.`,
    );
    expect(pid).toBe(String(first.child.pid));
    await expectFirstStillServing();
  });

  it.each(['PORT', 'LOCAL_COGNITO_PORT'])('names %s when that port is taken', async (variable) => {
    const dataDir = await dataFolder();
    folders.push(dataDir);
    const taken = variable === 'PORT' ? port : cognitoPort;
    const said = await refusedStart({
      PORT: String(await findFreePort()),
      LOCAL_COGNITO_PORT: String(await findFreePort()),
      [variable]: String(taken),
      DATA_DIR: dataDir,
    });
    expect(said.split('\n')).toHaveLength(1);
    expect(said).toContain(`Port ${taken} is already in use`);
    expect(said).toContain(`set ${variable} to a free port`);
    await expectFirstStillServing();
  });

  it('names LOCAL_COGNITO_PORT when it is not a number, as it names every bad setting', async () => {
    const dataDir = await dataFolder();
    folders.push(dataDir);
    const said = await refusedStart({
      PORT: String(port),
      LOCAL_COGNITO_PORT: 'abc',
      DATA_DIR: dataDir,
    });
    expect(said).toBe(
      'Invalid configuration:\n  - LOCAL_COGNITO_PORT: must be a whole number (got "abc")',
    );
    await expectFirstStillServing();
  });

  it("names every bad setting in one start, the app's and the local Cognito's alike", async () => {
    const dataDir = await dataFolder();
    folders.push(dataDir);
    const said = await refusedStart({ PORT: 'abc', LOCAL_COGNITO_PORT: 'xyz', DATA_DIR: dataDir });
    const lines = said.split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    expect(lines.filter((line) => line.startsWith('  - PORT: '))).toHaveLength(1);
    expect(lines).toContain('  - LOCAL_COGNITO_PORT: must be a whole number (got "xyz")');
    expect(lines).toHaveLength(3);
    await expectFirstStillServing();
  });

  it('removed, at start, the spool folder and lock a process that is gone left behind', async () => {
    expect(await readdir(join(firstDataDir, 'upload-spool'))).toEqual([
      expect.stringMatching(new RegExp(`^spool-${hostname()}-${first.child.pid}-`)) as string,
    ]);
    expect((await readFile(join(firstDataDir, 'photos.pid'), 'utf8')).trim()).toBe(
      String(first.child.pid),
    );
  });

  it('on Ctrl-C lets an upload in flight finish, says Stopped, exits 0, and leaves no spool folder or lock', async () => {
    const baseUrl = `http://localhost:${port}`;
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const [, username, password] = /\*\*(\S+) \/ (\S+)\*\*/.exec(readme)!;
    const browser = new Browser();
    await browser.signIn(baseUrl, username, password);
    const page = await browser.get(`${baseUrl}/myphotos`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const photo = await fixture('rocket.jpg');
    const upload = startRawUpload(port, '', photo, photo.length / 2, '/myphotos', {
      cookie: `photos.sid=${browser.jar.get('localhost', 'photos.sid')}`,
      csrf,
    });
    await upload.written;

    first.child.kill('SIGINT');
    await waitFor(first, 'SIGINT: not ready', 10_000);
    upload.finish();
    const { response } = await upload.closed;
    expect(statusOf(response)).toBe(303); // stored, then redirected to the grid
    expect(await first.exited).toBe(0);
    const { stdout, stderr } = first.output();
    const afterBanner = stdout.slice(stdout.indexOf('Photos is running')).trimEnd().split('\n');
    expect(afterBanner.at(-1)).toMatch(/INFO {2}\[Shutdown\] Stopped$/);
    expect(afterBanner.join('\n')).not.toMatch(/WARN|ERROR/); // a normal stop warns of nothing
    expect(stdout).not.toMatch(/pool|ERROR/); // PostgreSQL got the Ctrl-C too: no noise about it
    expect(stderr).toBe('');
    expect(await readdir(join(firstDataDir, 'upload-spool'))).toEqual([]);
    expect(existsSync(join(firstDataDir, 'photos.pid'))).toBe(false);
  });
});
