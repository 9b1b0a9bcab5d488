/** Why the spool cannot take an upload's bytes now. */
export type SpoolRefusal = 'instance-full' | 'user-full';

export interface SpoolLimits {
  /** Bytes spooled at once on this instance (UPLOAD_SPOOL_MAX_BYTES). */
  maxBytes: number;
  /** Of those, for one user (UPLOAD_SPOOL_MAX_BYTES_PER_USER). */
  maxBytesPerUser: number;
}

/** An upload's share of the spool: grown as a body of unknown length arrives, then released. */
export interface SpoolReservation {
  /** Makes the share at least `bytes`; the refusal when the budget has no room for it. */
  growTo(bytes: number): SpoolRefusal | undefined;
  release(): void;
}

/** A refusal of room in the spool, for the upload's error mapping (503 or 429, Retry-After). */
export class SpoolFullError extends Error {
  constructor(readonly refusal: SpoolRefusal) {
    super(`Upload spool full (${refusal})`);
    this.name = 'SpoolFullError';
  }
}

/**
 * Counts the bytes uploads may put in the spool, on this instance and per user: an upload
 * reserves its declared Content-Length before its body is read, or grows its share as a body of
 * unknown length (chunked) arrives. Beyond either budget it is refused, so that a few accounts
 * holding half-sent bodies cannot fill the disk and keep everyone else out. Knows nothing of HTTP.
 */
export class SpoolBudget {
  private total = 0;
  private readonly perUser = new Map<string, number>();

  constructor(private readonly limits: SpoolLimits) {}

  get reservedBytes(): number {
    return this.total;
  }

  reserve(userKey: string): SpoolReservation {
    let held = 0;
    let released = false;
    return {
      growTo: (bytes) => {
        if (released || bytes <= held) return undefined;
        const more = bytes - held;
        const mine = this.perUser.get(userKey) ?? 0;
        if (mine + more > this.limits.maxBytesPerUser) return 'user-full';
        if (this.total + more > this.limits.maxBytes) return 'instance-full';
        this.total += more;
        this.perUser.set(userKey, mine + more);
        held = bytes;
        return undefined;
      },
      release: () => {
        if (released) return;
        released = true;
        this.total -= held;
        const left = (this.perUser.get(userKey) ?? 0) - held;
        if (left > 0) this.perUser.set(userKey, left);
        else this.perUser.delete(userKey);
      },
    };
  }
}

const reservations = new WeakMap<object, SpoolReservation>();

/** Set by UploadIntakeInterceptor; grown by the spool as a body without a length arrives. */
export function setSpoolReservation(req: object, reservation: SpoolReservation): void {
  reservations.set(req, reservation);
}

export function spoolReservationOf(req: object): SpoolReservation | undefined {
  return reservations.get(req);
}
