import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { PhotosConfig } from '../../config/config-slices';
import { sharedPool } from '../../database/shared-pool';
import { PhotoListingCache } from './photo-listing-cache';

/** The channel the photos table's trigger notifies (migration NotifyPhotoListingChanges). */
export const LISTING_CHANNEL = 'photo_listing_changed';
/** Shown in pg_stat_activity, so an operator (or a test) can find the connection. */
export const LISTENER_APPLICATION_NAME = 'photos-listing-listener';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** TCP keep-alive on the connection: the OS default (two hours idle) notices nothing in time. */
const KEEP_ALIVE_MS = 10_000;

/**
 * Keeps one dedicated PostgreSQL connection LISTENing for changes to anyone's photos, and drops
 * the changed owner's cached listing as each notification arrives. While the connection is down
 * the cache is emptied and kept off (a change made meanwhile would go unseen), and it reconnects
 * with growing pauses.
 *
 * A connection can also die silently (a NAT or a failover black-holes it; the backend hangs):
 * no error, no notification either. So it must prove itself alive: every
 * PHOTO_LIST_HEARTBEAT_SECONDS it answers a `SELECT 1` within that same time, or it is taken as
 * lost at the first missed beat (cache off, a warning) and replaced (an info line once the new
 * one listens). Staleness is so bounded by two heartbeats, and by PHOTO_LIST_CACHE_SECONDS.
 */
@Injectable()
export class ListingChangeListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ListingCache');
  private client: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RECONNECT_MIN_MS;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private everLost = false;
  private readonly heartbeatMs: number;

  constructor(
    private readonly cache: PhotoListingCache,
    private readonly dataSource: DataSource,
    photos: PhotosConfig,
  ) {
    this.heartbeatMs = photos.listHeartbeatSeconds * 1000;
  }

  /** Waits for the first attempt, so a started app caches from its first request. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.cache.enabled) return;
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    this.cache.suspend();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const options = sharedPool(this.dataSource).options as ClientConfig;
    const client = new Client({
      ...options,
      application_name: LISTENER_APPLICATION_NAME,
      // LISTEN waits for nothing; only the pool's statements need their timeouts.
      statement_timeout: undefined,
      query_timeout: undefined,
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEP_ALIVE_MS,
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === LISTING_CHANNEL && message.payload)
        this.cache.invalidate(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${LISTING_CHANNEL}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    // Stopped (or lost and replaced) while connecting: this connection is not the listener.
    if (this.client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.retryMs = RECONNECT_MIN_MS;
    this.cache.resume();
    this.startHeartbeat(client);
    if (this.everLost) this.logger.log('Listing cache on again: the change listener listens');
  }

  private startHeartbeat(client: Client): void {
    clearInterval(this.heartbeat);
    let beating = false;
    this.heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      void this.beat(client).finally(() => (beating = false));
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** One beat: the connection answers within the period, or it is lost. */
  private async beat(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.heartbeatMs);
      timer.unref();
    });
    const answer = await Promise.race([
      client.query('SELECT 1').then(
        () => 'ok' as const,
        () => 'failed' as const,
      ),
      late,
    ]);
    clearTimeout(timer);
    if (answer !== 'ok')
      this.lost(client, new Error(`no answer to the heartbeat within ${this.heartbeatMs} ms`));
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    this.cache.suspend();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.everLost = true;
    this.logger.warn(
      `Listing cache off until the change listener reconnects${error ? `: ${error.message}` : ''}`,
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }
}
