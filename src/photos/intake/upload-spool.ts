import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { chmod, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { diskStorage, type StorageEngine } from 'multer';

/** A sibling's directory untouched for this long belongs to a process that is gone. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;
const PRIVATE = 0o700;

/**
 * Where upload bodies are written while they arrive, so that memory does not grow with their
 * size or number: a private directory (mode 0700) of this process under UPLOAD_SPOOL_DIR, removed
 * at shutdown. Every spooled file is removed when its request ends (UploadIntakeInterceptor) or
 * by multer when the body fails; directories left by a crashed process are removed a day later by
 * the next start. Several instances may share the parent directory.
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
    return new UploadSpool(root, await mkdtemp(join(root, 'spool-')));
  }

  /** multer's disk storage into this directory (recreated if something removed it). */
  storage(): StorageEngine {
    return diskStorage({
      destination: (_req, _file, done) => {
        mkdir(this.dir, { recursive: true, mode: PRIVATE }).then(
          () => done(null, this.dir),
          (error: Error) => done(error, this.dir),
        );
      },
    });
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

async function removeAbandoned(root: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => now,
    );
    if (now - modified > ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
  }
}
