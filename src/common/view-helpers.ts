import type hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Handlebars helpers used by the views. Output is escaped by Handlebars unless marked safe. */
export function registerViewHelpers(engine: typeof hbs): void {
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('isoDate', (value: unknown) =>
    value instanceof Date ? value.toISOString() : String(value),
  );
  engine.registerHelper('displayDate', (value: unknown) =>
    value instanceof Date
      ? value.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
      : String(value),
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
