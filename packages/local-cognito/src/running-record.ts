import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { localCognitoStateDir, writeJsonFile } from './support/state-files';

/**
 * Where a running local Cognito can be reached, kept in its DATA_DIR while it runs, so that
 * `local-cognito tokens` in another terminal finds it on whatever ports the app was started with
 * (`PORT=3100 LOCAL_COGNITO_PORT=9500 npm start`), without those variables in its own shell.
 */
export interface RunningRecord {
  /** The process serving it (the app, or `npm run local-cognito`). */
  pid: number;
  /** Always a loopback http origin: the local Cognito listens on 127.0.0.1 only. */
  origin: string;
  /** The public API client and the callback it registered (derived from PORT or BASE_URL). */
  apiClient?: { clientId: string; callbackUrl: string };
}

/** A record may only ever send a password to this machine. */
const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1):\d{1,5}$/;

export function runningRecordPath(dataDir: string): string {
  return join(localCognitoStateDir(dataDir), 'running.json');
}

export async function writeRunningRecord(dataDir: string, record: RunningRecord): Promise<void> {
  await writeJsonFile(runningRecordPath(dataDir), record);
}

/** Removes the record if it is still this process's own (another may have started since). */
export async function removeRunningRecord(dataDir: string, origin: string): Promise<void> {
  const current = await readRecord(dataDir);
  if (current?.pid === process.pid && current.origin === origin)
    await rm(runningRecordPath(dataDir), { force: true });
}

/** The record of a local Cognito still running for `dataDir`; none when it stopped or crashed. */
export async function readLiveRunningRecord(dataDir: string): Promise<RunningRecord | undefined> {
  const record = await readRecord(dataDir);
  return record && isAlive(record.pid) ? record : undefined;
}

async function readRecord(dataDir: string): Promise<RunningRecord | undefined> {
  let text: string;
  try {
    text = await readFile(runningRecordPath(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return asRecord(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): RunningRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, origin, apiClient } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
  if (typeof origin !== 'string' || !LOOPBACK_ORIGIN.test(origin)) return undefined;
  const record: RunningRecord = { pid: pid as number, origin };
  if (typeof apiClient === 'object' && apiClient !== null) {
    const { clientId, callbackUrl } = apiClient as Record<string, unknown>;
    if (typeof clientId === 'string' && typeof callbackUrl === 'string')
      record.apiClient = { clientId, callbackUrl };
  }
  return record;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
