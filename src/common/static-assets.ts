import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type hbs from 'hbs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, posix, relative, sep } from 'node:path';

/** A fingerprinted URL names one content for ever: browsers and CDNs may keep it a year. */
const IMMUTABLE_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
/** A plain URL (an old page, a bookmark) may change with the next deploy. */
const PLAIN_MAX_AGE_MS = 5 * 60 * 1000;
const HASH_LENGTH = 12;

interface Asset {
  file: string;
  immutable: boolean;
}

/** The folders of public/ the app serves, each under its own path. */
export const STATIC_DIRECTORIES = ['css', 'js', 'img'];
/** The files at public/'s top level the app serves. */
export const STATIC_FILES = ['favicon.svg'];

export interface AssetManifestOptions {
  /** The URL path the directory is served under ('' = the site root, '/static' …). */
  prefix?: string;
  /** Only these entries of the directory (files or folders); everything by default. */
  include?: string[];
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** `/css/site.css` with content hash `ab12…` → `/css/site.ab12….css`. */
function fingerprinted(url: string, content: Buffer): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, HASH_LENGTH);
  const extension = extname(url);
  return `${url.slice(0, url.length - extension.length)}.${hash}${extension}`;
}

/**
 * The static files one server serves, listed once at start with a content hash in each URL.
 * Pages link the fingerprinted URL (`{{asset "/css/site.css"}}`), served with a one-year immutable
 * cache: a changed file gets a new URL, so nobody keeps a stale copy. The plain URL still answers,
 * with a short cache. Any other path is looked up in memory only: no route pays for a disk lookup,
 * and nothing that was not there at start (or sits outside the listed folders) is ever served.
 */
export class AssetManifest {
  private constructor(
    private readonly urls: ReadonlyMap<string, string>,
    private readonly served: ReadonlyMap<string, Asset>,
  ) {}

  static build(directory: string, options: AssetManifestOptions = {}): AssetManifest {
    const prefix = options.prefix ?? '';
    const roots = (options.include ?? readdirSync(directory))
      .map((entry) => join(directory, entry))
      .filter((path) => statSync(path, { throwIfNoEntry: false }));
    const urls = new Map<string, string>();
    const served = new Map<string, Asset>();
    for (const file of roots.flatMap(filesUnder)) {
      const url = `${prefix}/${relative(directory, file).split(sep).join(posix.sep)}`;
      const hashed = fingerprinted(url, readFileSync(file));
      urls.set(url, hashed);
      served.set(url, { file, immutable: false });
      served.set(hashed, { file, immutable: true });
    }
    return new AssetManifest(urls, served);
  }

  /** The fingerprinted URL of a file; an unknown name is a mistake in a view, so it throws. */
  url(plainUrl: string): string {
    const hashed = this.urls.get(plainUrl);
    if (!hashed) throw new Error(`No static file ${plainUrl} (see public/)`);
    return hashed;
  }

  /** Serves the listed files; passes everything else on without touching the disk. */
  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const asset = this.served.get(req.path);
    if (!asset) return next();
    res.sendFile(
      asset.file,
      {
        maxAge: asset.immutable ? IMMUTABLE_MAX_AGE_MS : PLAIN_MAX_AGE_MS,
        immutable: asset.immutable,
      },
      (error?: Error) => {
        // After a partial send (e.g. the client went away) there is nothing left to answer.
        if (error && !res.headersSent) next(error);
      },
    );
  };

  /** `{{asset "/css/site.css"}}` in the views of the given Handlebars instance. */
  registerHelper(engine: Pick<typeof hbs, 'registerHelper'>): void {
    engine.registerHelper('asset', (plainUrl: unknown) => this.url(String(plainUrl)));
  }
}
