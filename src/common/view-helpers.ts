import type hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** "2024-06-01 07:30 UTC" from "2024-06-01T07:30:00.000Z". */
function utcTextOf(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

/** "2024-06-01 07:30 UTC": what a page says of an instant when no script runs. */
function utcText(value: Date): string {
  return utcTextOf(value.toISOString());
}

/**
 * `{{localTime date}}`: an instant as `<time datetime="…Z" data-local-time>… UTC</time>`.
 * public/js/local-time.js rewrites each one in the viewer's own time zone; without JavaScript the
 * UTC text stays, and says it is UTC.
 */
function localTime(engine: typeof hbs, value: Date): object {
  // One toISOString per date: a grid page renders 24 of them.
  const iso = value.toISOString();
  return new engine.handlebars.SafeString(
    `<time datetime="${iso}" data-local-time>${utcTextOf(iso)}</time>`,
  );
}

/** Handlebars helpers used by the views. Output is escaped by Handlebars unless marked safe. */
export function registerViewHelpers(engine: typeof hbs): void {
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('isoDate', (value: unknown) =>
    value instanceof Date ? value.toISOString() : String(value),
  );
  engine.registerHelper('displayDate', (value: unknown) =>
    value instanceof Date ? utcText(value) : String(value),
  );
  engine.registerHelper('localTime', (value: unknown) =>
    value instanceof Date ? localTime(engine, value) : String(value),
  );
  engine.registerHelper('duration', (seconds: unknown) => {
    const s = Number(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h}h ${m}m ${s % 60}s`;
  });
}

/**
 * Registers every `partials/*.hbs` synchronously (hbs's own registerPartials reads them in the
 * background, so the first requests after start could miss one). `a-b.hbs` is `{{> a_b}}`.
 * Each is handed over compiled, once per process, as the views are (`view cache`).
 */
export function registerPartials(engine: typeof hbs, directory: string): void {
  for (const file of readdirSync(directory).filter((f) => f.endsWith('.hbs'))) {
    engine.handlebars.registerPartial(
      basename(file, '.hbs').replace(/-/g, '_'),
      engine.handlebars.compile(readFileSync(join(directory, file), 'utf8')),
    );
  }
}
