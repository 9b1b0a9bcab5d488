/**
 * Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it) and sums
 * self time two ways: by function, and by where the code lives (a package under node_modules, the
 * project's own src/, Node's internals, garbage collection, idle). Printing the top entries of each
 * says where a route's CPU goes.
 *
 *   node --require ./bench/register.js bench/support/profile-top.ts <file.cpuprofile> [entries]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface TopEntry {
  name: string;
  share: number;
}

/** `node_modules/pino-http/logger.js` → `pino-http`; `/src/auth/x.ts` → `src/auth/x.ts`. */
function place(url: string, functionName: string): string {
  if (!url) return functionName ? `(${functionName.replace(/[()]/g, '')})` : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/((?:src|bench|test)\/.*)$/.exec(url);
  if (own) return own[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function top(totals: Map<string, number>, samples: number, entries: number): TopEntry[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, entries)
    .map(([name, count]) => ({ name, share: count / samples }));
}

export function summariseProfile(
  file: string,
  entries = 12,
): { byFunction: TopEntry[]; byPlace: TopEntry[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url, functionName);
    const name = url ? `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}` : where;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    byPlace.set(where, (byPlace.get(where) ?? 0) + count);
  }
  const samples = profile.samples.length;
  return { byFunction: top(byFunction, samples, entries), byPlace: top(byPlace, samples, entries) };
}

export function formatTop(title: string, list: TopEntry[]): string {
  const lines = list.map(
    ({ name, share }) => `  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`,
  );
  return [title, ...lines].join('\n');
}

if (require.main === module) {
  const [file, entries] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [entries]');
  const summary = summariseProfile(file, Number(entries ?? 12));
  console.log(formatTop('Self time by place:', summary.byPlace));
  console.log(formatTop('Self time by function:', summary.byFunction));
}
