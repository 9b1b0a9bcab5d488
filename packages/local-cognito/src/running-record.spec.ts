import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  readLiveRunningRecord,
  removeRunningRecord,
  runningRecordPath,
  writeRunningRecord,
} from './running-record';

describe('the running local Cognito record', () => {
  let dataDir: string;
  const origin = 'http://localhost:9517';

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'running-record-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  async function writeRaw(value: unknown): Promise<void> {
    const path = runningRecordPath(dataDir);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(value));
  }

  it('gives back what a live process recorded, and nothing once it removed it', async () => {
    const record = {
      pid: process.pid,
      origin,
      apiClient: { clientId: 'api', callbackUrl: 'http://localhost:3117/x' },
    };
    await writeRunningRecord(dataDir, record);
    await expect(readLiveRunningRecord(dataDir)).resolves.toEqual(record);
    await removeRunningRecord(dataDir, origin);
    await expect(readLiveRunningRecord(dataDir)).resolves.toBeUndefined();
  });

  it('ignores the record of a process that is gone (a crash left it behind)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeRaw({ pid: gone, origin });
    await expect(readLiveRunningRecord(dataDir)).resolves.toBeUndefined();
  });

  it.each([
    ['another host', { pid: process.pid, origin: 'http://evil.example:9400' }],
    ['https', { pid: process.pid, origin: 'https://localhost:9400' }],
    ['a path', { pid: process.pid, origin: 'http://localhost:9400/x' }],
    ['no pid', { origin }],
    ['not an object', 'http://localhost:9400'],
  ])(
    'never trusts a record naming %s: a password is only ever sent to this machine',
    async (_label, value) => {
      await writeRaw(value);
      await expect(readLiveRunningRecord(dataDir)).resolves.toBeUndefined();
    },
  );

  it('leaves a record that another process wrote since', async () => {
    await writeRunningRecord(dataDir, { pid: process.pid, origin: 'http://localhost:9600' });
    await removeRunningRecord(dataDir, origin);
    await expect(readLiveRunningRecord(dataDir)).resolves.toMatchObject({
      origin: 'http://localhost:9600',
    });
  });
});
