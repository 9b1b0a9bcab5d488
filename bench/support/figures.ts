/** The figures every benchmark prints, kept light (no app imports) so they skew no baseline. */
import { availableParallelism, cpus } from 'node:os';

const RSS_SAMPLE_MS = 5;

export const machine = (): string =>
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;

export const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** "1.14 (1.10–1.23)": median (min–max) of the runs, as every bench prints them. */
export const spread = (values: number[], digits: number): string =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

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
