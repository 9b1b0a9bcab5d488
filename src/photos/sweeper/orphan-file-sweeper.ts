import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { photoIdTime } from '../photo-id';
import { photoIdOfKey } from '../photo-keys';
import { PhotosRepository } from '../photos.repository';
import { PhotoStorage } from '../storage';

/**
 * Files younger than this are left alone even without a row: another instance may be between
 * writing an upload's files and inserting its row (seconds, normally), and clocks may differ.
 */
export const ORPHAN_GRACE_PERIOD_MS = 10 * 60 * 1000;
/** Ids checked against the table per query. */
const BATCH_SIZE = 500;

export interface SweepReport {
  keysSeen: number;
  deleted: number;
  /** Keys of another shape, or whose age cannot be told: never touched. */
  skipped: number;
}

/**
 * Removes photo files that have no row: what a crash between "files written" and "row inserted"
 * (or a failed clean-up) leaves behind. Runs once at start, in the background, so start-up never
 * waits for a walk of the whole bucket; errors are logged and the app carries on.
 *
 * A file is an orphan when its key has this module's shape, its photo id has no row, and it is
 * older than the grace period. The age comes from the id (a UUIDv7 made just before the files are
 * written), so it works on S3 too, whose listing `PhotoStorage` gives without dates; every photo
 * id is a UUIDv7, so a key with any other id is not ours to judge and is skipped.
 *
 * Migrations are done by then: DatabaseModule is global, and Nest runs the bootstrap hooks of
 * global modules (MigrationRunner's, awaited) before those of feature modules such as this one.
 */
@Injectable()
export class OrphanFileSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrphanFileSweeper.name);
  private running: Promise<SweepReport | undefined> = Promise.resolve(undefined);
  private stopping = false;

  constructor(
    private readonly storage: PhotoStorage,
    private readonly repository: PhotosRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.sweep().catch((error: unknown) => {
      this.logger.error(
        `Orphan file sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    });
  }

  /** Lets a sweep in progress stop between batches, before the database pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** The background sweep started at bootstrap (resolves when it is over). */
  whenIdle(): Promise<SweepReport | undefined> {
    return this.running;
  }

  async sweep(now: number = Date.now()): Promise<SweepReport> {
    const report: SweepReport = { keysSeen: 0, deleted: 0, skipped: 0 };
    let batch: { key: string; id: string }[] = [];
    for await (const key of this.storage.listKeys()) {
      if (this.stopping) break;
      report.keysSeen++;
      const id = photoIdOfKey(key);
      if (id === undefined) report.skipped++;
      else batch.push({ key, id });
      if (batch.length >= BATCH_SIZE) {
        await this.sweepBatch(batch, now, report);
        batch = [];
      }
    }
    if (!this.stopping) await this.sweepBatch(batch, now, report);
    if (report.deleted > 0 || report.skipped > 0) {
      this.logger.log(
        `Orphan sweep: ${report.deleted} file(s) deleted, ${report.skipped} key(s) skipped`,
      );
    }
    return report;
  }

  private async sweepBatch(
    batch: { key: string; id: string }[],
    now: number,
    report: SweepReport,
  ): Promise<void> {
    if (batch.length === 0) return;
    const existing = await this.repository.existingIds([
      ...new Set(batch.map((entry) => entry.id)),
    ]);
    for (const { key, id } of batch) {
      if (existing.has(id)) continue;
      const createdAt = photoIdTime(id);
      if (createdAt === undefined) {
        report.skipped++;
      } else if (now - createdAt.getTime() >= ORPHAN_GRACE_PERIOD_MS) {
        await this.storage.delete(key);
        report.deleted++;
      }
    }
  }
}
