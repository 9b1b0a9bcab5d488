/**
 * How long ImageProcessor.process takes on a 12-megapixel phone photo, and how much memory it uses.
 *
 *   node --require ./bench/register.js bench/upload/process-image.bench.ts [--sharp-cache=on|off]
 *
 * Prints figures only (no pass/fail). Runtime: a few seconds. ImageProcessor turns libvips'
 * operation cache off; `--sharp-cache=on` turns it back on, to compare.
 */
import sharp from 'sharp';
import { ImageProcessor } from '../../src/photos/image/image-processor';
import { fixtureSync } from '../../test/support/fixtures';
import { machine, mib, percentile, startRssSampler } from '../support/figures';

const FIXTURE = 'large-12mp.jpg';
const WARM_UP_RUNS = 2;
const MEASURED_RUNS = 15;
/** Call after constructing ImageProcessor, which turns the cache off. */
function configureSharpCache(): string {
  const on = process.argv.includes('--sharp-cache=on');
  if (on) sharp.cache(true);
  return on ? 'on (--sharp-cache=on)' : 'off (as ImageProcessor sets it)';
}

async function main(): Promise<void> {
  const input = fixtureSync(FIXTURE);
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
    `${machine()}, ` +
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
