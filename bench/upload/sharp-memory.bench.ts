/**
 * What N image pipelines at once cost in memory, in a bare Node process (no app): ImageProcessor on
 * large-12mp.jpg, 4 rounds of N images at once, RSS sampled every 2 ms. Run it under different
 * glibc malloc settings, which must be in the environment when the process starts:
 *
 *   for n in 1 2 4; do for env in "" MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 \
 *     "MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072"; do
 *     env $env node --require ./bench/register.js bench/upload/sharp-memory.bench.ts --at-once=$n
 *   done; done
 *
 * Prints one line: base RSS, peak RSS, RSS after the last round, and time per image.
 */
import { parseArgs } from 'node:util';
import { ImageProcessor, ImageQueue } from '../../src/photos/image';
import { fixture } from '../../test/support/fixtures';
import { mib } from '../support/figures';

const ROUNDS = 4;
const { values: args } = parseArgs({ options: { 'at-once': { type: 'string', default: '2' } } });
const AT_ONCE = Number(args['at-once']);

async function main(): Promise<void> {
  const input = await fixture('large-12mp.jpg');
  const processor = new ImageProcessor(
    {},
    new ImageQueue({ concurrency: AT_ONCE, maxWaitMs: 600_000 }),
  );
  const base = process.memoryUsage.rss();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++)
    await Promise.all(Array.from({ length: AT_ONCE }, () => processor.process(input)));
  const msPerImage = (performance.now() - started) / (ROUNDS * AT_ONCE);
  clearInterval(sampler);
  const settings = ['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`);
  console.log(
    `${AT_ONCE} at once [${settings.join(' ') || 'glibc defaults'}]: base ${mib(base)} MiB, peak ${mib(peak)} MiB, after ${mib(process.memoryUsage.rss())} MiB, ${msPerImage.toFixed(0)} ms an image`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
