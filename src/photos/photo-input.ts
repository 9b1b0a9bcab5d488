import { z } from 'zod';
import { normaliseDescription } from './photo-description';
import { PhotoInputError } from './photo-errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, RULE_TEXT } from './photo-rules';

/**
 * What a request may send to the photo routes, checked at the edge (ZodValidationPipe, or
 * `safeParse` where a page shows the refusal on its form), so PhotosService takes typed values.
 * The limits and the wording come from photo-rules.ts.
 */

/** The description rule (photo-description.ts) as a schema step; its refusal is the message. */
function descriptionRule(input: unknown, ctx: z.RefinementCtx): string {
  try {
    return normaliseDescription(input);
  } catch (error) {
    if (!(error instanceof PhotoInputError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.reason, input });
    return z.NEVER;
  }
}

const description = z.unknown().optional().transform(descriptionRule);

/** An edit must say what the description becomes: a missing field is not taken as "clear it". */
const requiredDescription = z
  .string({ error: RULE_TEXT.descriptionInvalid })
  .transform(descriptionRule);

/**
 * The upload form's fields besides the file (multipart; a repeated field arrives as an array).
 * No description is an empty one; a request that is no form at all has no fields.
 */
export const uploadFields = z.preprocess((body) => body ?? {}, z.object({ description }));

/** PATCH /api/photos/:id and the photo page's "Edit description" form. */
export const descriptionEdit = z.object(
  { description: requiredDescription },
  { error: RULE_TEXT.descriptionInvalid },
);

/** `?cursor=`: one opaque string (PhotosService decodes it); empty is the first page. */
const cursor = z
  .string({ error: RULE_TEXT.badCursor })
  .optional()
  .transform((text) => text || undefined);

/** `?limit=`: a whole number from 1 to MAX_PAGE_SIZE; absent or empty is DEFAULT_PAGE_SIZE. */
const limit = z
  .string({ error: RULE_TEXT.badLimit })
  .regex(/^\d{0,3}$/, { error: RULE_TEXT.badLimit })
  .optional()
  .transform((text) => (text ? Number(text) : DEFAULT_PAGE_SIZE))
  .pipe(
    z
      .number()
      .min(1, { error: RULE_TEXT.badLimit })
      .max(MAX_PAGE_SIZE, { error: RULE_TEXT.badLimit }),
  );

/**
 * `?page=`: which page a cursor link leads to, carried along by our own links for the "Page N"
 * label only (photos are found by the cursor alone); anything but a plain number is no number.
 */
const pageNumber = z
  .unknown()
  .optional()
  .transform((text) =>
    typeof text === 'string' && /^[1-9]\d{0,5}$/.test(text) ? Number(text) : undefined,
  );

/** "My photos" (`GET /myphotos?cursor=&page=`): the page size is the default. */
export const gridQuery = z.object({ cursor, page: pageNumber });

/** `GET /api/photos?limit=&cursor=`. */
export const listQuery = z.object({ limit, cursor });

export type UploadFields = z.output<typeof uploadFields>;
export type DescriptionEdit = z.output<typeof descriptionEdit>;
export type GridQuery = z.output<typeof gridQuery>;
export type ListQuery = z.output<typeof listQuery>;
