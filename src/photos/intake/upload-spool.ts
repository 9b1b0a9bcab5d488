import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageEngine } from 'multer';
import { SpoolFullError, spoolReservationOf } from './spool-budget';
import { admit } from './upload-admission';
import { UploadBodyTooLargeError, type UploadBudget, uploadBudgetOf } from './upload-budget';

/** A sibling's directory untouched for this long belongs to a process that is gone. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;
const PRIVATE = 0o700;
/** `spool-<host>-<pid>-<random>`: whose directory it is, so a start can tell one left behind. */
const OWNED = /^spool-(.+)-(\d+)-[^-]+$/;

/**
 * Where upload bodies are written while they arrive, so that memory does not grow with their
 * size or number: a private directory (mode 0700) of this process under UPLOAD_SPOOL_DIR, removed
 * at shutdown. Every spooled file is removed when its request ends (UploadIntakeInterceptor) or
 * by multer when the body fails. A directory left by a crashed process is removed by the next
 * start on the same host once that process is gone (its name holds the host and pid), or a day
 * later by any start. Several instances, on several hosts, may share the parent directory.
 */
export class UploadSpool implements OnApplicationShutdown {
  private static readonly logger = new Logger(UploadSpool.name);

  private constructor(
    readonly root: string,
    readonly dir: string,
  ) {}

  static async open(root: string): Promise<UploadSpool> {
    await mkdir(root, { recursive: true, mode: PRIVATE });
    await chmod(root, PRIVATE);
    await removeAbandoned(root);
    return new UploadSpool(root, await mkdtemp(join(root, `spool-${hostname()}-${process.pid}-`)));
  }

  /**
   * multer's storage into this directory (recreated if something removed it), once the request
   * is admitted (upload-admission.ts), within the request's UploadBudget (`fallback` when the route set none): a file over `maxBytesPerFile`
   * keeps only its first bytes and is refused later by its size, so that the other files of a
   * batch still go through; files that together go over the whole budget fail the request.
   */
  storage(fallback: UploadBudget): StorageEngine {
    return {
      _handleFile: (req, file, done) => {
        // Nothing is written before the request is admitted (CSRF, write budget, spool room).
        admit(req)
          .then(() => this.spoolFile(req, file.stream, uploadBudgetOf(req) ?? fallback))
          .then(
            (spooled) => done(null, spooled),
            (error: unknown) => done(error),
          );
      },
      _removeFile: (_req, file, done) => {
        this.remove(file.path).then(() => done(null), done);
      },
    };
  }

  private async spoolFile(
    req: Request,
    body: NodeJS.ReadableStream,
    budget: UploadBudget,
  ): Promise<Pick<Express.Multer.File, 'destination' | 'filename' | 'path' | 'size'>> {
    await mkdir(this.dir, { recursive: true, mode: PRIVATE });
    const filename = randomBytes(16).toString('hex');
    const path = join(this.dir, filename);
    const counted = countBytes(req, budget);
    try {
      await pipeline(body, counted.stream, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await this.remove(path);
      throw error;
    }
    return { destination: this.dir, filename, path, size: counted.size() };
  }

  /** Removes one spooled file; a file already gone is fine. */
  async remove(path: string): Promise<void> {
    await rm(path, { force: true }).catch((error: unknown) =>
      UploadSpool.logger.warn(`Could not remove spooled upload ${path}: ${String(error)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Bytes of files read so far, per request: a batch's files share its budget. */
const bytesRead = new WeakMap<Request, number>();

/**
 * Passes a file's bytes through up to `maxBytesPerFile` and drops the rest (still reading it, to
 * reach the next part), counting all of them; fails once the request's files together go over
 * `maxFiles × maxBytesPerFile`.
 */
function countBytes(req: Request, budget: UploadBudget): { stream: Transform; size: () => number } {
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, next) {
      size += chunk.length;
      const total = (bytesRead.get(req) ?? 0) + chunk.length;
      bytesRead.set(req, total);
      if (total > budget.maxFiles * budget.maxBytesPerFile)
        return next(new UploadBodyTooLargeError(budget));
      // A body without a declared length takes its share of the spool as it arrives.
      const refusal = spoolReservationOf(req)?.growTo(total);
      if (refusal) return next(new SpoolFullError(refusal));
      // Past the limit nothing more is written: the photo rules refuse the file by its size.
      const room = budget.maxBytesPerFile - (size - chunk.length);
      next(null, room <= 0 ? undefined : room >= chunk.length ? chunk : chunk.subarray(0, room));
    },
  });
  return { stream, size: () => size };
}

/** A directory of a process on this host that no longer runs. */
function ownerIsGone(name: string): boolean {
  const owner = OWNED.exec(name);
  if (!owner || owner[1] !== hostname()) return false;
  const pid = Number(owner[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function removeAbandoned(root: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (ownerIsGone(entry.name)) {
      await rm(path, { recursive: true, force: true });
      continue;
    }
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => now,
    );
    if (now - modified > ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
  }
}
