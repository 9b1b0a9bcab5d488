import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { PhotoFile } from '../photo';
import { attachmentDisposition } from '../photo-file-name';

/**
 * Shown inline (display copy, thumbnail): nothing may load or run, except the inline styles a
 * browser's own image viewer puts around an image opened on its own (harmless: the document is
 * an image we decoded and re-encoded, served as such with nosniff).
 */
const INLINE_IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
/** Downloaded (the original, bytes as uploaded): a document that can do nothing at all. */
const DOWNLOAD_CSP = "default-src 'none'; sandbox";

/**
 * Sends a photo's stored bytes (or a redirect to a presigned URL). The headers make the bytes
 * inert whatever they contain: the type is ours (detected, never the uploader's), no sniffing, no
 * scripts, and only the signed-in owner's browser may cache it. An original goes out as an
 * attachment: it holds the uploader's bytes untouched, so it is never rendered on our origin.
 */
export async function sendPhotoFile(res: Response, file: PhotoFile): Promise<void> {
  if (file.kind === 'redirect') {
    res.setHeader('Cache-Control', 'private, no-store');
    res.redirect(302, file.url);
    return;
  }
  try {
    setFileHeaders(res, file);
    await pipeline(file.body, res);
  } catch {
    // The client went away or the store failed mid-stream: the status is already sent, so the
    // connection is simply closed.
  } finally {
    // pipeline destroys both streams when one fails mid-way, but it refuses a response that was
    // already closed (the client left while we looked the photo up) without touching the body:
    // its file handle must be closed here, not left to the garbage collector (fatal on Node 26).
    if (!file.body.destroyed) file.body.destroy();
  }
}

function setFileHeaders(res: Response, file: PhotoFile & { kind: 'stream' }): void {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  // A store that reports no length (0) gets a chunked response rather than a truncated one.
  if (file.sizeBytes > 0) res.setHeader('Content-Length', String(file.sizeBytes));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, max-age=3600');
  if (file.downloadName !== undefined) {
    res.setHeader('Content-Disposition', attachmentDisposition(file.downloadName));
    res.setHeader('Content-Security-Policy', DOWNLOAD_CSP);
  } else {
    res.setHeader('Content-Disposition', 'inline');
    res.setHeader('Content-Security-Policy', INLINE_IMAGE_CSP);
  }
}
