/** Why an upload could not start now. */
export type UploadRefusal = 'instance-busy' | 'user-busy';

export interface UploadSlotLimits {
  maxInProgress: number;
  maxInProgressPerUser: number;
}

export type UploadSlot =
  { granted: true; release: () => void } | { granted: false; refusal: UploadRefusal };

/**
 * Counts uploads in progress, on this instance and per user, and refuses one beyond either cap
 * at once (no waiting: a refused client retries later). An upload holds its slot from before its
 * body is read until its image is processed and stored, so the caps bound sockets, spooled bytes
 * and queued work together. Knows nothing of HTTP.
 */
export class UploadSlots {
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(private readonly limits: UploadSlotLimits) {}

  get inProgress(): number {
    return this.total;
  }

  tryAcquire(userKey: string): UploadSlot {
    const mine = this.perUser.get(userKey) ?? 0;
    if (mine >= this.limits.maxInProgressPerUser) return { granted: false, refusal: 'user-busy' };
    if (this.total >= this.limits.maxInProgress)
      return { granted: false, refusal: 'instance-busy' };
    this.total++;
    this.perUser.set(userKey, mine + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.perUser.get(userKey) ?? 1) - 1;
      if (left > 0) this.perUser.set(userKey, left);
      else this.perUser.delete(userKey);
    };
    return { granted: true, release };
  }
}
