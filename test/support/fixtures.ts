import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The one place tests, specs and benches find their input files. Everything lives inside the
 * repository (test/fixtures/, see its README for what each file is and where it comes from).
 */
export const PHOTO_FIXTURES = join(__dirname, '..', 'fixtures', 'photos');

/** Photos every upload path must accept. */
export const GOOD_FIXTURES = [
  'coffee-phone.jpg',
  'large-12mp.jpg',
  'rocket.jpg',
  'chelsea.png',
  'astronaut.webp',
] as const;

/** Absolute path of a fixture photo, e.g. `fixturePath('rocket.jpg')` or `fixturePath('bad/empty.jpg')`. */
export function fixturePath(name: string): string {
  return join(PHOTO_FIXTURES, name);
}

export function fixture(name: string): Promise<Buffer> {
  return readFile(fixturePath(name));
}

/** For synchronous callers (table-driven specs, bench set-up). */
export function fixtureSync(name: string): Buffer {
  return readFileSync(fixturePath(name));
}
