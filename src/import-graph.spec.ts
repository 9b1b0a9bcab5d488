import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The module graph's rules (docs/ARCHITECTURE.md), checked on every `import`/`export … from`/
 * `require` of src/: the bottom layers (common/, config/, database/) never import a feature or
 * the composition root, no file reaches itself through its imports, and nothing imports the local
 * Cognito package (packages/local-cognito): Photos runs it as a process, never loads its code
 * (the package checks the other direction in its test/imports.spec.ts).
 */
const SRC = resolve(__dirname);
const PACKAGES = resolve(__dirname, '..', 'packages');
const LOCAL_COGNITO_PACKAGE = '@photos/local-cognito';
const BOTTOM_LAYERS = ['common', 'config', 'database'];
const FEATURES = ['auth', 'photos', 'albums', 'shares', 'search', 'pages', 'health'];
/** Features built on photos/: photos/ knows none of them. */
const BUILT_ON_PHOTOS = ['albums', 'shares', 'search'];

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  return [`${target}.ts`, join(target, 'index.ts'), target].find(
    (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
  );
}

/** File → the files of src/ it imports (relative specifiers only; packages are not ours). */
function importGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveImport(file, specifier))
      .filter((target): target is string => target !== undefined);
    graph.set(relative(root, file).split(sep).join('/'), [
      ...new Set(targets.map((target) => relative(root, target).split(sep).join('/'))),
    ]);
  }
  return graph;
}

/** `file -> specifier` for each import of a src/ file that loads the local Cognito package's code. */
function packageImports(root: string): string[] {
  return sourceFiles(root).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.map(({ fileName }) => fileName)
      .filter((specifier) =>
        specifier.startsWith('.')
          ? !relative(PACKAGES, resolve(dirname(file), specifier)).startsWith('..')
          : specifier === LOCAL_COGNITO_PACKAGE ||
            specifier.startsWith(`${LOCAL_COGNITO_PACKAGE}/`),
      )
      .map((specifier) => `${relative(root, file).split(sep).join('/')} -> ${specifier}`),
  );
}

/** `common/x.ts` → 'common'; a top-level file (app.module.ts, main.ts…) → 'root'. */
const areaOf = (file: string) => (file.includes('/') ? file.split('/')[0] : 'root');

function layeringViolations(graph: Graph): string[] {
  const violations: string[] = [];
  for (const [file, targets] of graph) {
    if (!BOTTOM_LAYERS.includes(areaOf(file))) continue;
    for (const target of targets) {
      const area = areaOf(target);
      if (FEATURES.includes(area) || area === 'root') violations.push(`${file} -> ${target}`);
    }
  }
  return violations;
}

/** Every strongly connected group of more than one file (Tarjan), and files importing themselves. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1 || graph.get(file)?.includes(file)) found.push(group.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the import graph of src/', () => {
  const graph = importGraph(SRC);

  it('is read from every source file', () => {
    expect(graph.get('app.module.ts')).toEqual(expect.arrayContaining(['auth/auth.module.ts']));
    for (const area of [...BOTTOM_LAYERS, ...FEATURES]) {
      expect([...graph.keys()].some((file) => areaOf(file) === area)).toBe(true);
    }
  });

  it('has common/, config/ and database/ depend on no feature and not on the app root', () => {
    expect(layeringViolations(graph)).toEqual([]);
  });

  it('has photos/ import none of the features built on it (albums/, shares/, search/)', () => {
    const breaches = [...graph]
      .filter(([file]) => areaOf(file) === 'photos')
      .flatMap(([file, targets]) =>
        targets.filter((t) => BUILT_ON_PHOTOS.includes(areaOf(t))).map((t) => `${file} -> ${t}`),
      );
    expect(breaches).toEqual([]);
  });

  it('imports nothing of the local Cognito package, by its name or by a path', () => {
    expect(packageImports(SRC)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('catches both kinds of breach in a graph that has them', () => {
    const bad: Graph = new Map([
      ['common/filter.ts', ['auth/error.ts']],
      ['auth/error.ts', ['auth/guard.ts']],
      ['auth/guard.ts', ['auth/error.ts']],
      ['photos/photo.ts', ['common/filter.ts']],
    ]);
    expect(layeringViolations(bad)).toEqual(['common/filter.ts -> auth/error.ts']);
    expect(cycles(bad)).toEqual([['auth/error.ts', 'auth/guard.ts']]);
  });
});
