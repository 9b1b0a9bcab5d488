import type { NextFunction, Request, Response } from 'express';
import onHeaders from 'on-headers';

/**
 * Every answer under /s/ (pages, JSON, files, errors): kept out of search engines, sends no
 * Referer onwards (the URL is the secret), and is never stored by a cache unless a file route
 * says otherwise (`cacheSharedFile`). Mounted before the routes, so error pages carry them too.
 */
export function shareHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * A shared image may be kept by the visitor's own browser for `maxAgeSeconds` (at most five
 * minutes, never past the link's end): set as the headers leave, over whatever the shared file
 * sender set, and only on a 200 (a redirect to storage stays uncacheable).
 */
export function cacheSharedFile(res: Response, maxAgeSeconds: number): void {
  onHeaders(res, () => {
    res.setHeader(
      'Cache-Control',
      res.statusCode === 200 && maxAgeSeconds > 0
        ? `private, max-age=${maxAgeSeconds}`
        : 'no-store',
    );
  });
}
