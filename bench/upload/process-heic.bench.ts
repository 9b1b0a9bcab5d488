/**
 * How long ImageProcessor.process takes on a 12-megapixel HEIC (decode in a libheif-js worker,
 * display copy, thumbnail), how long the decode alone takes, and how long the event loop was held
 * up meanwhile.
 *
 *   node --require ./bench/register.js bench/upload/process-heic.bench.ts /tmp/large-12mp.heic
 *
 * The HEIC is not kept in the repository (300 kB); make it from the 12 MP fixture as
 * test/fixtures/README.md says of coffee-phone.heic (Debian 12: apt-get install libheif-examples):
 *
 *   heif-enc -q 50 -o /tmp/flat-12mp.heic test/fixtures/photos/large-12mp.jpg
 *   python3 test/fixtures/tools/add-irot.py /tmp/flat-12mp.heic /tmp/large-12mp.heic 3
 *
 * Prints figures only (no pass/fail). Runtime: about 20 seconds.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { HeicDecoder } from '../../src/photos/image/heic-decoder';
import { ImageProcessor } from '../../src/photos/image/image-processor';
import { machine, mib, percentile, startRssSampler } from '../support/figures';

const WARM_UP_RUNS = 2;
const MEASURED_RUNS = 9;
const MAX_PIXELS = 50_000_000;

async function timed(runs: number, task: () => Promise<unknown>): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    durations.push(performance.now() - start);
  }
  return durations.sort((a, b) => a - b);
}

const figures = (sorted: number[]) =>
  `median ${Math.round(percentile(sorted, 50))} ms, min ${Math.round(sorted[0])} ms, ` +
  `max ${Math.round(sorted[sorted.length - 1])} ms`;

async function main(): Promise<void> {
  const path = process.argv[2];
  if (!path) throw new Error('Give the path of a 12 MP HEIC (see the comment at the top)');
  const input = readFileSync(path);
  const processor = new ImageProcessor();
  const decoder = new HeicDecoder();
  try {
    const first = await timed(1, () => processor.process({ path }));
    await timed(WARM_UP_RUNS - 1, () => processor.process({ path }));

    const stopSampler = startRssSampler();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const processed = await timed(MEASURED_RUNS, () => processor.process({ path }));
    loop.disable();
    const peakRss = stopSampler();

    await decoder.decode(input, MAX_PIXELS); // its worker loaded and warm
    const decoded = await timed(MEASURED_RUNS, () => decoder.decode(input, MAX_PIXELS));
    const { source, display, thumbnail } = await processor.process({ path });

    console.log(
      `${machine()}, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips}, ` +
        `libvips threads ${sharp.concurrency()}`,
    );
    console.log(
      `input ${path}: ${(input.length / 1000).toFixed(0)} kB, ${source.width}x${source.height} ` +
        `upright; display ${display.width}x${display.height}, thumbnail ${thumbnail.width}x${thumbnail.height}`,
    );
    console.log(
      `process (decode + display copy + thumbnail): ${figures(processed)}; ` +
        `first, with a new worker: ${Math.round(first[0])} ms ` +
        `[${MEASURED_RUNS} runs after ${WARM_UP_RUNS} warm-up]`,
    );
    console.log(`decode alone (libheif-js worker, warm): ${figures(decoded)}`);
    console.log(
      `event loop delay while processing: max ${(loop.max / 1e6).toFixed(0)} ms, ` +
        `p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms; peak RSS ${mib(peakRss)} MiB`,
    );
  } finally {
    await Promise.all([processor.onModuleDestroy(), decoder.close()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
