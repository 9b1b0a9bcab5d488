/** The figures every benchmark prints, kept light (no app imports) so they skew no baseline. */
import { availableParallelism, cpus } from 'node:os';

const RSS_SAMPLE_MS = 5;

export const machine = (): string =>
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;

export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** Nearest-rank percentile of an ascending list. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Samples RSS on a timer until the returned function is called, which gives the peak. Works while
 * sharp or sockets are busy, since they leave the event loop free to sample.
 */
export function startRssSampler(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}
