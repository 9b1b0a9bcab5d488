import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** `photos-2024-09-30.zip`: the day (UTC) the archive was made. */
export function archiveFileName(now: Date): string {
  return `photos-${now.toISOString().slice(0, 10)}.zip`;
}

/**
 * Sends a zip of originals as it is made (chunked: its length is known only at the end), as a
 * download that nothing renders. If the client goes away, or a stored file fails mid-way, the
 * connection is closed and the zip destroyed, which closes the original it was reading.
 */
export async function sendArchive(res: Response, zip: Readable, now: Date): Promise<void> {
  try {
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${archiveFileName(now)}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(zip, res);
  } catch {
    // The status is already sent: closing the connection is all that is left to say.
  } finally {
    // pipeline refuses a response already closed without touching the zip (see send-photo-file).
    if (!zip.destroyed) zip.destroy();
  }
}
