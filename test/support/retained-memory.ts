import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
// A context made after the flag is set has `gc`; Jest's own test context was made before it.
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Bytes this process still holds once garbage is collected: the JS heap plus Buffers and other
 * memory outside it. Unlike RSS, it does not count chunks that are already garbage but not yet
 * collected, so it is steady from run to run whatever the garbage collector's timing.
 */
export function retainedBytes(): number {
  collectGarbage();
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}
