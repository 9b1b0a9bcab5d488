import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { AppConfig, S3Config } from '../config/app-config';

/** Swagger UI's pages, the only ones allowed inline styles and data: images (its React build needs them). */
const API_DOCS = /^\/api\/docs(\/|$)/;
/** Swagger UI's OAuth2 redirect page (served by swagger-ui-dist under /api/docs). */
const API_DOCS_REDIRECT = '/api/docs/oauth2-redirect.html';

/**
 * Where presigned photo URLs point, so <img> may load them: the bucket's own virtual-hosted
 * origin on AWS (not every *.amazonaws.com), or the configured endpoint for S3-compatible stores.
 */
export function s3ImageOrigin(s3: S3Config): string {
  if (s3.endpoint) {
    const endpoint = new URL(s3.endpoint);
    if (!s3.forcePathStyle) endpoint.hostname = `${s3.bucket}.${endpoint.hostname}`;
    return endpoint.origin;
  }
  const host = `s3.${s3.region}.amazonaws.com`;
  return `https://${s3.forcePathStyle ? host : `${s3.bucket}.${host}`}`;
}

type CspDirectives = Record<string, Iterable<string> | null>;

function appDirectives(config: AppConfig): CspDirectives {
  const cognitoOrigin = new URL(config.cognito.domain).origin;
  const imageOrigins =
    config.photos.storage === 's3' && config.photos.s3 ? [s3ImageOrigin(config.photos.s3)] : [];
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // No inline <style> or style="": an injected one can neither restyle nor exfiltrate.
    'style-src': ["'self'"],
    'img-src': ["'self'", ...imageOrigins],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    // POST /logout redirects to Cognito's /logout; browsers check form-action on that redirect.
    'form-action': ["'self'", cognitoOrigin],
    'upgrade-insecure-requests': config.secure ? [] : null,
  };
}

function helmetFor(config: AppConfig, directives: CspDirectives): RequestHandler {
  const options: HelmetOptions = {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    hsts: config.secure,
  };
  return helmet(options);
}

/**
 * Swagger UI's "Authorize" (api-docs.ts): a popup to the hosted UI that comes back to Swagger UI's
 * redirect page, which hands the code to its opener; then a fetch to the token endpoint. The docs
 * page keeps its popups' opener (same-origin-allow-popups); the redirect page, reached from the
 * hosted UI inside that popup, must not ask for isolation, or the browser cuts it off from the
 * opener. No frames, scripts or forms of Cognito's are allowed: only that one fetch.
 */
function apiDocsHeaders(config: AppConfig, strict: CspDirectives): RequestHandler {
  const oauth = config.cognito.apiClientId !== undefined;
  const directives: CspDirectives = {
    ...strict,
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(oauth ? [`${config.cognito.domain}/oauth2/token`] : [])],
  };
  const docs = helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    hsts: config.secure,
    crossOriginOpenerPolicy: { policy: oauth ? 'same-origin-allow-popups' : 'same-origin' },
  });
  const redirectPage = helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    hsts: config.secure,
    crossOriginOpenerPolicy: false,
  });
  return (req, res, next) =>
    (oauth && req.path === API_DOCS_REDIRECT ? redirectPage : docs)(req, res, next);
}

/**
 * Security headers for every response the app sends (pages, API errors, static files, error
 * pages): mounted first, so nothing answers without them. Only /api/docs gets the relaxed CSP.
 */
export function securityHeaders(config: AppConfig): RequestHandler {
  const strict = appDirectives(config);
  const app = helmetFor(config, strict);
  const apiDocs = apiDocsHeaders(config, strict);
  return (req, res, next) => (API_DOCS.test(req.path) ? apiDocs : app)(req, res, next);
}
