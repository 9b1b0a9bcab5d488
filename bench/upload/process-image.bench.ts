/**
 * How long ImageProcessor.process takes on a 12-megapixel phone photo, and how much memory it uses.
 *
 *   node --require ./bench/register.js bench/upload/process-image.bench.ts [--sharp-cache=on|off]
 *
 * Prints figures only (no pass/fail). Runtime: a few seconds. ImageProcessor turns libvips'
 * operation cache off; `--sharp-cache=on` turns it back on, to compare.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageProcessor } from '../../src/photos/image/image-processor';

const FIXTURE = 'large-12mp.jpg';
// shared/ is the repository's sibling, wherever the repository is cloned.
const FIXTURE_PATH = join(__dirname, '../../../shared/fixtures/photos', FIXTURE);
const WARM_UP_RUNS = 2;
const MEASURED_RUNS = 15;
const RSS_SAMPLE_MS = 5;

const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Nearest-rank percentile of an ascending list. */
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Samples RSS on a timer: sharp works on libuv threads, so the event loop stays free to sample. */
function startRssSampler(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

/** Call after constructing ImageProcessor, which turns the cache off. */
function configureSharpCache(): string {
  const on = process.argv.includes('--sharp-cache=on');
  if (on) sharp.cache(true);
  return on ? 'on (--sharp-cache=on)' : 'off (as ImageProcessor sets it)';
}

async function main(): Promise<void> {
  const input = readFileSync(FIXTURE_PATH);
  const processor = new ImageProcessor();
  const cache = configureSharpCache();
  const baselineRss = process.memoryUsage.rss();

  for (let i = 0; i < WARM_UP_RUNS; i++) await processor.process(input);

  const stopSampler = startRssSampler();
  const durations: number[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = performance.now();
    await processor.process(input);
    durations.push(performance.now() - start);
  }
  const peakRss = stopSampler();
  durations.sort((a, b) => a - b);

  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ` +
      `sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, ` +
      `libvips threads ${sharp.concurrency()}, sharp cache ${cache}`,
  );
  console.log(
    `process ${FIXTURE}: median ${Math.round(percentile(durations, 50))} ms, ` +
      `p95 ${Math.round(percentile(durations, 95))} ms, ` +
      `peak RSS ${mib(peakRss)} MiB (baseline ${mib(baselineRss)} MiB) ` +
      `[${MEASURED_RUNS} runs after ${WARM_UP_RUNS} warm-up]`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
