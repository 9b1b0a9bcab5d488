import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** When a stored file was last written, when the storage can tell (the local disk can). */
export type FileAgeSource = (key: string) => Promise<Date | undefined>;

export const FILE_AGE_SOURCE = Symbol('FILE_AGE_SOURCE');

/** The local driver keeps key `a/b/c.jpg` at `<root>/a/b/c.jpg`: its mtime is the write time. */
export function localFileAge(root: string): FileAgeSource {
  return async (key) => {
    try {
      return (await stat(join(root, ...key.split('/')))).mtime;
    } catch {
      return undefined;
    }
  };
}

/** S3 listing dates are not exposed by PhotoStorage: unknown. */
export const unknownFileAge: FileAgeSource = () => Promise.resolve(undefined);
