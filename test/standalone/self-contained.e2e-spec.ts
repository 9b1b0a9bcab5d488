import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every source file but this one, whose own patterns would match themselves. */
const FILES = ['src', 'test', 'bench', 'packages/local-cognito/src', 'packages/local-cognito/test']
  .flatMap(sourceFiles)
  .filter((file) => file !== __filename);

/** Whether a document has a heading numbered `section` (`## 2. …` for 2, `### 2.1 …` for 2.1). */
function hasSection(doc: string, section: string): boolean {
  return doc
    .split('\n')
    .some((line) => new RegExp(`^#+ ${section.replace(/\./g, '\\.')}[. ]`).test(line));
}

/** A clone with nothing beside it must build, test and run: no file reaches outside the repository. */
describe('The repository stands alone', () => {
  it('cites only documents it holds, by sections they have', () => {
    const broken: string[] = [];
    let citations = 0;
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      // Bare names, as in "(COGNITO.md §3)", point at nothing in the repository.
      for (const bare of text.matchAll(/(?<![\w/])(DESIGN|COGNITO|ARCHITECTURE)\.md/g))
        broken.push(`${relative(ROOT, file)}: ${bare[0]} (cite docs/${bare[1]}.md)`);
      for (const cite of text.matchAll(/docs\/([A-Z]+\.md)((?:,? ?§[\d.]+)+)/g)) {
        const doc = readFileSync(join(ROOT, 'docs', cite[1]), 'utf8');
        for (const section of cite[2].matchAll(/§(\d+(?:\.\d+)*)/g)) {
          citations++;
          if (!hasSection(doc, section[1]))
            broken.push(`${relative(ROOT, file)}: docs/${cite[1]} has no §${section[1]}`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(citations).toBeGreaterThan(15);
  });

  it('reads no file from beside the repository (../shared)', () => {
    const outside = FILES.filter((file) =>
      /['"/]shared['"/]/.test(readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '')),
    ).map((file) => relative(ROOT, file));
    expect(outside).toEqual([]);
  });
});
