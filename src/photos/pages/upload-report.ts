import { HttpException } from '@nestjs/common';
import type { Request } from 'express';
import type { BatchOutcome } from '../photos.service';
import { saveNotice } from './notice';

/** A refused file as pages and the upload script show it: its name and why. */
export interface RefusedFileView {
  name: string;
  reason: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The files of the last upload that were refused, shown once with its "Uploaded" notice. */
    uploadRefusals?: RefusedFileView[];
  }
}

const MAX_NAME_LENGTH = 120;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The client's file name as shown back to it: no control or bidi-override characters (a name
 * could otherwise disguise itself or another line), at most 120 characters. Pages escape it.
 */
export function displayFileName(name: string): string {
  const clean = name.replace(CONTROL_CHARACTERS, '').trim();
  if (clean === '') return '(unnamed file)';
  const characters = [...clean];
  return characters.length > MAX_NAME_LENGTH
    ? `${characters.slice(0, MAX_NAME_LENGTH - 1).join('')}…`
    : clean;
}

export function refusedFiles(outcome: BatchOutcome): RefusedFileView[] {
  return outcome.refused.map((file) => ({
    name: displayFileName(file.name),
    reason: file.reason,
  }));
}

/** "Uploaded 1 photo." / "Uploaded 5 photos." */
export function uploadedNotice(count: number): string {
  return `Uploaded ${count} ${count === 1 ? 'photo' : 'photos'}.`;
}

/** "1 file was not uploaded:" / "2 files were not uploaded:" */
export function refusedSummary(count: number): string {
  return count === 1 ? '1 file was not uploaded:' : `${count} files were not uploaded:`;
}

/** The notice and the refused files, saved with the session before the redirect is sent. */
export async function saveUploadReport(req: Request, outcome: BatchOutcome): Promise<void> {
  const refused = refusedFiles(outcome);
  if (refused.length > 0) req.session.uploadRefusals = refused;
  else delete req.session.uploadRefusals;
  await saveNotice(req, uploadedNotice(outcome.stored.length));
}

/** Shown once, on the page after the upload, then forgotten. */
export function takeUploadRefusals(req: Request): RefusedFileView[] | undefined {
  const refused = req.session.uploadRefusals;
  if (refused !== undefined) delete req.session.uploadRefusals;
  return refused;
}

/**
 * No file of a batch of several was stored: the upload is refused as a whole, with each file's
 * reason (the status is worked out by the caller, see refusedBatchStatus).
 */
export class UploadRefusedException extends HttpException {
  constructor(
    readonly refused: RefusedFileView[],
    status: number,
  ) {
    super(`None of the ${refused.length} files was uploaded.`, status);
  }
}
