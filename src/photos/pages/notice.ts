import type { Request } from 'express';

/**
 * Keeps a one-time notice ("Uploaded", "Deleted") and waits until the session store has it. The
 * redirect must not leave before: the browser follows it at once, and a page that reads the
 * session before the save lands would miss the notice (and show it on some later visit).
 */
export async function saveNotice(req: Request, notice: string): Promise<void> {
  req.session.notice = notice;
  await new Promise<void>((resolve, reject) =>
    req.session.save((error: unknown) => (error ? reject(toError(error)) : resolve())),
  );
}

/** A notice is shown once, on the next page, then forgotten. */
export function takeNotice(req: Request): string | undefined {
  const notice = req.session.notice;
  if (notice !== undefined) delete req.session.notice;
  return notice;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
