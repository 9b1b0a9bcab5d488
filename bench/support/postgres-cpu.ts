/**
 * CPU time spent by the PostgreSQL backends serving one database, read from Linux's /proc: a
 * backend's command line names its database ("postgres: USER DATABASE 127.0.0.1(PORT) idle"), so
 * other databases' backends (another suite's, on the same server) are left out. Undefined where
 * /proc cannot be read (not Linux). Backends that exit between two readings take their time with
 * them: read around slices of steady load, when the app's pool keeps its connections.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc/PID/stat's times on every Linux Node runs on. */
const TICKS_PER_SECOND = 100;

function backendCpuMicros(pid: string, database: string): number {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!command.startsWith('postgres: ') || !command.split(' ').includes(database)) return 0;
    // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return 0; // gone since the listing, or not ours to read
  }
}

/** The backends' CPU time so far (µs), for the database named in `databaseUrl`. */
export function postgresCpuMicros(databaseUrl: string): number | undefined {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  return pids.reduce((sum, pid) => sum + backendCpuMicros(pid, database), 0);
}
