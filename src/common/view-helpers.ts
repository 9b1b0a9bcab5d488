import type hbs from 'hbs';

/** Handlebars helpers used by the views. Output is escaped by Handlebars unless marked safe. */
export function registerViewHelpers(engine: typeof hbs): void {
  engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  engine.registerHelper('isoDate', (value: unknown) => (value instanceof Date ? value.toISOString() : String(value)));
  engine.registerHelper('displayDate', (value: unknown) =>
    value instanceof Date ? value.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : String(value),
  );
  engine.registerHelper('duration', (seconds: unknown) => {
    const s = Number(seconds);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return `${h}h ${m}m ${s % 60}s`;
  });
}
