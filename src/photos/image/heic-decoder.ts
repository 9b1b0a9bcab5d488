import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CorruptImageError, ImageTooLargeError } from './image-errors';

/** Decoded pixels, interleaved 8-bit samples, upright as the HEIF container says. */
export interface DecodedHeic {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface HeicDecoderOptions {
  /** A worker left without work this long is ended, and its WebAssembly memory freed. */
  idleMs: number;
}

const WORKER_FILE = join(__dirname, 'heic-decode.worker.cjs');

type WorkerReply =
  | { ok: true; width: number; height: number; channels: 3 | 4; pixels: ArrayBuffer }
  | { ok: false; kind: 'corrupt' | 'too-many-pixels'; detail: string };

interface IdleWorker {
  worker: Worker;
  timer: NodeJS.Timeout;
}

/**
 * Decodes HEIC (HEVC in HEIF, the iPhone's format) in worker threads with libheif-js, since
 * sharp's prebuilt libvips carries libheif without an HEVC decoder. The event loop only hands the
 * bytes over and gets the pixels back (both transferred, not copied).
 *
 * Not a queue: callers run inside ImageQueue, so at most IMAGE_CONCURRENCY decodes run at once
 * and as many workers exist. A worker is kept between decodes (a fresh one loads libheif and
 * compiles its WebAssembly again: a 12 MP decode takes ~0.6 s cold against ~0.3 s warm) and ended
 * after `idleMs` without work, because its WebAssembly memory never shrinks (about 90 MiB after a
 * 12 MP photo). Idle workers do not keep the process alive.
 */
export class HeicDecoder {
  private readonly idle: IdleWorker[] = [];
  private readonly busy = new Set<Worker>();

  constructor(private readonly options: HeicDecoderOptions = { idleMs: 10_000 }) {}

  /** Workers alive now, decoding or waiting for work. */
  get workers(): { busy: number; idle: number } {
    return { busy: this.busy.size, idle: this.idle.length };
  }

  /**
   * The primary image's pixels; `ImageTooLargeError` when it has more than `maxPixels` (checked
   * from the container before anything is decoded), `CorruptImageError` when libheif cannot read
   * it, any other error when the worker itself failed. The caller's buffer is left as it is.
   */
  async decode(file: Uint8Array, maxPixels: number): Promise<DecodedHeic> {
    const worker = this.takeWorker();
    const bytes = new Uint8Array(file); // a copy of our own, to transfer
    let reply: WorkerReply;
    try {
      reply = await ask(worker, bytes, maxPixels);
    } catch (error) {
      // The worker itself failed (libheif would not load, memory ran out): not the file's fault.
      this.retire(worker);
      throw error;
    }
    if (!reply.ok) {
      // A refusal may follow a WebAssembly trap, after which libheif's state is not to be trusted.
      this.retire(worker);
      if (reply.kind === 'too-many-pixels') throw new ImageTooLargeError(maxPixels);
      throw new CorruptImageError(new Error(`libheif: ${reply.detail}`));
    }
    this.giveBack(worker);
    const { width, height, channels, pixels } = reply;
    return { data: Buffer.from(pixels), width, height, channels };
  }

  /** Ends every worker (the app is stopping); a decode still running fails. */
  async close(): Promise<void> {
    const workers = [...this.busy, ...this.idle.map((idle) => idle.worker)];
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    this.busy.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private takeWorker(): Worker {
    const idle = this.idle.pop();
    if (idle) clearTimeout(idle.timer);
    const worker = idle?.worker ?? new Worker(WORKER_FILE);
    worker.ref(); // a decode in flight keeps the process alive (a script awaiting it, say)
    this.busy.add(worker);
    return worker;
  }

  private giveBack(worker: Worker): void {
    this.busy.delete(worker);
    worker.unref();
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((idle) => idle.worker === worker);
      if (index >= 0) this.idle.splice(index, 1);
      void worker.terminate();
    }, this.options.idleMs);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private retire(worker: Worker): void {
    this.busy.delete(worker);
    void worker.terminate();
  }
}

/** Sends one request and waits for its reply, or for the worker to fail or stop. */
function ask(
  worker: Worker,
  bytes: Uint8Array<ArrayBuffer>,
  maxPixels: number,
): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: WorkerReply) => {
      settle();
      resolve(reply);
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onExit = (code: number) => {
      settle();
      reject(new Error(`The HEIC decoder stopped (exit code ${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ bytes, maxPixels }, [bytes.buffer]);
  });
}
