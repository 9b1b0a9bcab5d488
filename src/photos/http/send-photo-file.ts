import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { PhotoFile } from '../photo';

/**
 * Sends a photo's stored bytes (or a redirect to a presigned URL). The headers make the bytes
 * inert whatever they contain: the type is ours (never the uploader's), no sniffing, no scripts,
 * and only the signed-in owner's browser may cache it.
 */
export async function sendPhotoFile(res: Response, file: PhotoFile): Promise<void> {
  if (file.kind === 'redirect') {
    res.setHeader('Cache-Control', 'private, no-store');
    res.redirect(302, file.url);
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  // A store that reports no length (0) gets a chunked response rather than a truncated one.
  if (file.sizeBytes > 0) res.setHeader('Content-Length', String(file.sizeBytes));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=3600');
  res.setHeader('Content-Disposition', 'inline');
  res.setHeader('Content-Security-Policy', "default-src 'none'");
  try {
    await pipeline(file.body, res);
  } catch {
    // The client went away or the store failed mid-stream: the status is already sent, so the
    // connection is simply closed (pipeline destroyed both streams).
  }
}
