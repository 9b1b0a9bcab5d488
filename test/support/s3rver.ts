import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * s3rver 3.7 makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node >= 17) only
 * offers with its legacy provider: a truncated listing is a 500 otherwise. So it runs in a child
 * Node.js started with --openssl-legacy-provider (which also keeps its Koa/winston out of Jest).
 * The child exits when its stdin closes, so it cannot outlive the test process, even on a crash.
 */
const S3RVER_CHILD = `
const S3rver = require(process.env.S3RVER_MODULE);
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.S3RVER_DIR });
server.run().then(
  ({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
process.stdin.on('end', () => server.close().finally(() => process.exit(0))).resume();
`;

export class S3rverProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<S3rverProcess> {
    const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
    const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', S3RVER_CHILD], {
      env: { ...process.env, S3RVER_MODULE: require.resolve('s3rver'), S3RVER_DIR: directory },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [line] = (await Promise.race([
      once(createInterface({ input: child.stdout }), 'line'),
      once(child, 'exit').then(() => Promise.reject(new Error('s3rver exited at start'))),
    ])) as [string];
    const { port } = JSON.parse(line) as { port: number };
    return new S3rverProcess(child, directory, `http://127.0.0.1:${port}`);
  }

  async stop(): Promise<void> {
    const exited = once(this.child, 'exit');
    this.child.stdin!.end();
    await exited;
    await rm(this.directory, { recursive: true, force: true });
  }
}
