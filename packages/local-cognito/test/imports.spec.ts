import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The package shares no code with Photos: no file of it imports a file outside its own folder
 * (Photos' src/ and test/ among them). Photos' side is checked by Photos' src/import-graph.spec.ts.
 */
const PACKAGE_ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist'].includes(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|js|cjs|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** `file -> specifier` for every import of `files` that leaves `root` (or names Photos). */
export function importsLeaving(root: string, files: string[]): string[] {
  return files.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map(({ fileName }) => fileName)
      .filter((specifier) =>
        specifier.startsWith('.')
          ? relative(root, resolve(dirname(file), specifier)).startsWith('..')
          : specifier === 'photos' || specifier.startsWith('photos/'),
      )
      .map((specifier) => `${relative(root, file).split(sep).join('/')} -> ${specifier}`),
  );
}

describe("the local Cognito package's imports", () => {
  const files = ['src', 'test'].flatMap((dir) => sourceFiles(join(PACKAGE_ROOT, dir)));

  it('reads every source and test file', () => {
    const names = files.map((file) => relative(PACKAGE_ROOT, file).split(sep).join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        'src/cli.ts',
        'src/local-cognito.server.ts',
        'test/support/test-idp.ts',
      ]),
    );
  });

  it('stay inside the package', () => {
    expect(importsLeaving(PACKAGE_ROOT, files)).toEqual([]);
  });

  it('would name an import of the app', () => {
    const file = join(PACKAGE_ROOT, 'src', 'cli.ts');
    const leaving = importsLeaving(join(PACKAGE_ROOT, 'src'), [file]);
    expect(leaving).toEqual([]);
    // The same file seen from a narrower root: its imports of ./support/… now leave it.
    expect(importsLeaving(join(PACKAGE_ROOT, 'src', 'support'), [file]).length).toBeGreaterThan(0);
  });
});
