/**
 * The server side of a benchmark child process: once listening, it tells the parent its port over
 * IPC; on request it records a CPU profile of a window of the run (so start-up is left out), or
 * says how much CPU time (user + system) it has used so far; on 'stop' it closes cleanly and exits.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { startRssSampler } from './figures';

export type ToChild =
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; file: string }
  | { cmd: 'peak-rss' }
  | { cmd: 'cpu' }
  | { cmd: 'stop' };
export type FromChild =
  | { listening: number }
  | { profiled: string }
  | { peakRss: number }
  | { cpuMicros: number }
  | { failed: string };

function send(message: FromChild): void {
  process.send?.(message);
}

export async function serveForParent(
  listen: () => Promise<number>,
  close: () => Promise<void>,
): Promise<void> {
  const inspector = new Session();
  inspector.connect();
  let peakRss = startRssSampler();
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.cmd === 'profile-start') {
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      } else if (message.cmd === 'profile-stop') {
        const { profile } = await inspector.post('Profiler.stop');
        await writeFile(message.file, JSON.stringify(profile));
        send({ profiled: message.file });
      } else if (message.cmd === 'cpu') {
        const { user, system } = process.cpuUsage();
        send({ cpuMicros: user + system });
      } else if (message.cmd === 'peak-rss') {
        // The peak since the last ask: each benchmarked route gets its own.
        send({ peakRss: peakRss() });
        peakRss = startRssSampler();
      } else {
        inspector.disconnect();
        await close();
        process.exit(0);
      }
    })().catch((error: unknown) => send({ failed: String(error) }));
  });
  try {
    send({ listening: await listen() });
  } catch (error) {
    send({ failed: String(error) });
    process.exit(1);
  }
}
