import { execFile } from 'node:child_process';
import { chown, mkdir, readFile, rename } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  image: string;
  name: string;
  instructions: DockerInstruction[];
}

/**
 * The stages of a Dockerfile, each with its instructions (continuation lines joined, comments and
 * parser directives left out). Enough of the format for this repository's Dockerfile.
 */
export function parseDockerfile(text: string): DockerStage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`);
    pending = '';
  }
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (!keyword) throw new Error(`Dockerfile line not understood: ${line}`);
    if (keyword.toUpperCase() === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ image, name: name ?? String(stages.length), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`Dockerfile instruction before FROM: ${line}`);
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** `["node", "dist/main.js"]` (the exec form) as a list; the shell form is refused. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw new Error(`Expected the exec form ["…"], got: ${args}`);
  return parsed;
}

/** What the last stage leaves to `docker run`: its folder, environment, user and commands. */
export interface ImageWithoutContainer {
  /** The run stage's WORKDIR, on this machine. */
  appDir: string;
  /** The run stage's ENV, as written (container paths such as /data mapped to this machine). */
  env: Record<string, string>;
  /** USER of the run stage. */
  user: string;
  cmd: string[];
  /** HEALTHCHECK's command. */
  healthcheck: string[];
  /** HEALTHCHECK's options (`--interval=10s` …). */
  healthcheckOptions: string[];
  exposed: string[];
  /** One line per instruction: what was done, and how long it took. */
  steps: string[];
}

export interface BuildOptions {
  /** The build context: this repository. */
  context: string;
  /** An empty folder; stage N's filesystem root is `${workRoot}/${stage name}`. */
  workRoot: string;
  /** The numeric user and group that stand for the Dockerfile's users (`node`) on this machine. */
  runAs: { uid: number; gid: number };
  /** The Dockerfile's dependency install, done without the network (see `build`). */
  installDependencies: (stageDir: string) => Promise<void>;
}

/** `npm ci …` in a RUN: the one step done differently (see `installDependencies`). */
const NPM_CI = /^npm ci( --no-audit| --no-fund)*$/;
/** `mkdir -p /data && chown node:node /data`: a folder for the runtime user. */
const USER_FOLDER = /^mkdir -p (\/\S+) && chown (\w+):(\w+) \1$/;

/**
 * Does what `docker build` does with this repository's Dockerfile, on this machine and without a
 * container: each stage's filesystem is a folder, WORKDIR a folder in it, COPY copies from the
 * context (or moves from an earlier stage, which a multi-stage build throws away), RUN runs the
 * command itself with `sh -c` in the WORKDIR. Two RUNs are done differently: `npm ci` (the
 * dependencies come from `installDependencies`: no registry needed) and the `mkdir && chown` of a
 * folder for the runtime user (made under the stage folder, owned by `runAs`). Any instruction
 * not understood fails the build, so a change to the Dockerfile cannot pass unseen.
 */
export async function buildWithoutContainer(
  dockerfile: string,
  options: BuildOptions,
): Promise<ImageWithoutContainer> {
  const stages = parseDockerfile(await readFile(dockerfile, 'utf8'));
  const roots = new Map<string, string>();
  let image: ImageWithoutContainer | undefined;
  const steps: string[] = [];
  for (const stage of stages) {
    const root = join(options.workRoot, stage.name);
    await mkdir(root, { recursive: true });
    roots.set(stage.name, root);
    image = await buildStage(stage, root, roots, options);
    steps.push(...image.steps);
  }
  if (!image) throw new Error('The Dockerfile has no stage');
  return { ...image, steps };
}

async function buildStage(
  stage: DockerStage,
  root: string,
  roots: Map<string, string>,
  options: BuildOptions,
): Promise<ImageWithoutContainer> {
  const inStage = (path: string) => join(root, path);
  let workdir = root;
  const image: ImageWithoutContainer = {
    appDir: root,
    env: {},
    user: 'root',
    cmd: [],
    healthcheck: [],
    healthcheckOptions: [],
    exposed: [],
    steps: [
      `FROM ${stage.image} AS ${stage.name}: a folder; Node.js ${process.version} of this machine`,
    ],
  };
  for (const { keyword, args } of stage.instructions) {
    const began = Date.now();
    const done = (what: string) =>
      image.steps.push(
        `${keyword} ${args}: ${what} (${((Date.now() - began) / 1000).toFixed(1)} s)`,
      );
    switch (keyword) {
      case 'WORKDIR':
        workdir = inStage(args);
        await mkdir(workdir, { recursive: true });
        image.appDir = workdir;
        done('made');
        break;
      case 'ENV':
        for (const pair of args.split(/\s+/)) {
          const [name, ...value] = pair.split('=');
          const text = value.join('=');
          image.env[name] = text.startsWith('/') ? inStage(text) : text;
        }
        done('set');
        break;
      case 'COPY':
        await copy(args, workdir, roots, options.context);
        done('copied');
        break;
      case 'RUN':
        done(await runStep(args, workdir, inStage, options));
        break;
      case 'USER':
        image.user = args;
        done(`the app runs as uid ${options.runAs.uid}`);
        break;
      case 'EXPOSE':
        image.exposed.push(...args.split(/\s+/));
        done('noted');
        break;
      case 'HEALTHCHECK': {
        const [, flags, command] = /^(.*?)\s*CMD\s+(\[.*\])$/.exec(args) ?? [];
        if (command === undefined) throw new Error(`HEALTHCHECK not understood: ${args}`);
        image.healthcheck = execForm(command);
        image.healthcheckOptions = flags.split(/\s+/).filter(Boolean);
        done('noted');
        break;
      }
      case 'CMD':
        image.cmd = execForm(args);
        done('noted');
        break;
      default:
        throw new Error(`${keyword} is not understood by test/support/image-steps.ts: teach it`);
    }
  }
  return image;
}

async function copy(
  args: string,
  workdir: string,
  roots: Map<string, string>,
  context: string,
): Promise<void> {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const [destination, ...reversedSources] = words.filter((w) => !w.startsWith('--')).reverse();
  const sources = reversedSources.reverse();
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  const target = isAbsolute(destination) ? destination : join(workdir, destination);
  if (from !== undefined) {
    // A multi-stage build throws the build stage away: moving its files is the same as copying.
    const stageRoot = roots.get(from);
    if (!stageRoot || sources.length !== 1) throw new Error(`COPY not understood: ${args}`);
    await rename(join(stageRoot, sources[0]), target);
    return;
  }
  const into = destination.endsWith('/') || sources.length > 1;
  if (into) await mkdir(target, { recursive: true });
  await run('cp', [
    '-a',
    ...sources.map((source) => join(context, source)),
    into ? `${target}/` : target,
  ]);
}

async function runStep(
  command: string,
  workdir: string,
  inStage: (path: string) => string,
  options: BuildOptions,
): Promise<string> {
  if (NPM_CI.test(command)) {
    await options.installDependencies(workdir);
    return 'replaced (installDependencies)';
  }
  const folder = USER_FOLDER.exec(command);
  if (folder) {
    await mkdir(inStage(folder[1]), { recursive: true });
    await chown(inStage(folder[1]), options.runAs.uid, options.runAs.gid);
    return `made, owned by uid ${options.runAs.uid}`;
  }
  await run('sh', ['-c', command], {
    cwd: workdir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? workdir },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return 'ran';
}
