import { z } from 'zod';
import { normaliseDescription } from './photo-description';
import { PhotoInputError } from './photo-errors';
import { type ListOptions, type PhotoFilter, searchWords } from './photo-listing';
import {
  DEFAULT_PAGE_SIZE,
  MAX_ARCHIVE_IDS,
  MAX_BULK_DELETE_IDS,
  MAX_PAGE_SIZE,
  MAX_SEARCH_LENGTH,
  MAX_SEARCH_WORDS,
  RULE_TEXT,
} from './photo-rules';

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

/** `?sort=taken|uploaded`: the timeline (when taken, else uploaded) unless told otherwise. */
const sort = z
  .enum(['taken', 'uploaded'], { error: RULE_TEXT.badSort })
  .optional()
  .transform((value) => value ?? 'taken');

/** A calendar day, `2024-09-30`, that exists; as the UTC midnight starting it. */
function calendarDay(message: string) {
  return z
    .string({ error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: message })
    .transform((text, ctx) => {
      const day = new Date(`${text}T00:00:00.000Z`);
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) {
        ctx.addIssue({ code: 'custom', message, input: text });
        return z.NEVER;
      }
      return day;
    });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `?q=`: the search as typed (its words: searchWords); empty or absent is no search. */
const q = z
  .string({ error: RULE_TEXT.badSearch })
  .max(MAX_SEARCH_LENGTH, { error: RULE_TEXT.badSearch })
  .optional()
  .transform((text) => text ?? '')
  .refine((text) => searchWords(text).length <= MAX_SEARCH_WORDS, { error: RULE_TEXT.badSearch });

/**
 * `takenFrom`, `takenTo` (whole days, inclusive, UTC) and `q`, as a PhotoFilter; a range that
 * ends before it starts is refused rather than answered with nothing.
 */
const filterFields = {
  takenFrom: calendarDay(RULE_TEXT.badTakenFrom).optional(),
  takenTo: calendarDay(RULE_TEXT.badTakenTo).optional(),
  q,
};

function toFilter(fields: {
  takenFrom?: Date;
  takenTo?: Date;
  q: string;
}): PhotoFilter | undefined {
  const words = searchWords(fields.q);
  const filter: PhotoFilter = {
    from: fields.takenFrom,
    until: fields.takenTo && new Date(fields.takenTo.getTime() + DAY_MS),
    words: words.length > 0 ? words : undefined,
  };
  return filter.from || filter.until || filter.words ? filter : undefined;
}

function rangeInOrder(fields: { takenFrom?: Date; takenTo?: Date }): boolean {
  return !fields.takenFrom || !fields.takenTo || fields.takenFrom <= fields.takenTo;
}

/** `?month=2024-09` of the grid's "Jump to"; empty is none. */
const month = z
  .string({ error: RULE_TEXT.badMonth })
  .regex(/^(\d{4}-(0[1-9]|1[0-2]))?$/, { error: RULE_TEXT.badMonth })
  .optional()
  .transform((text) => text || undefined);

/**
 * "My photos" (`GET /myphotos?cursor=|before=|month=`): the page size is the default, the order
 * the timeline. `page` is what older links carried, accepted and no longer needed.
 */
export const gridQuery = z.object({ cursor, before: cursor, page: pageNumber, month });

/** The search page (`GET /search?q=&takenFrom=&takenTo=&cursor=|before=`). */
export const searchQuery = z
  .object({ cursor, before: cursor, page: pageNumber, ...filterFields })
  .refine(rangeInOrder, { error: RULE_TEXT.badRange, path: ['takenTo'] })
  .transform((fields) => ({
    cursor: fields.cursor,
    before: fields.before,
    words: searchWords(fields.q),
    filter: toFilter(fields),
    terms: {
      q: fields.q,
      takenFrom: fields.takenFrom?.toISOString().slice(0, 10) ?? '',
      takenTo: fields.takenTo?.toISOString().slice(0, 10) ?? '',
    },
  }));

/** `GET /api/photos?limit=&cursor=&sort=&takenFrom=&takenTo=&q=`. */
export const listQuery = z
  .object({ limit, cursor, sort, ...filterFields })
  .refine(rangeInOrder, { error: RULE_TEXT.badRange, path: ['takenTo'] })
  .transform((fields): ListOptions => ({
    limit: fields.limit,
    cursor: fields.cursor,
    sort: fields.sort,
    filter: toFilter(fields),
  }));

/**
 * A selection of photos: 1 to `max` strings. Each is taken as given: one that is no photo id, or
 * not the caller's photo, is "not found" by the service rather than a refusal of the request.
 */
function selectionIds(max: number, message: string) {
  return z
    .array(z.string({ error: message }), { error: message })
    .min(1, { error: message })
    .max(max, { error: message });
}

/**
 * A page's selection, the form's repeated `ids` field (one value arrives as a string, several as
 * an array): 1 to `max` strings. The album pages' selection forms use it too.
 */
export function formIds(max: number) {
  const message = RULE_TEXT.badSelection(max);
  return z.preprocess(
    (value) => (typeof value === 'string' ? [value] : (value ?? [])),
    selectionIds(max, message),
  );
}

/** `POST /api/photos/bulk-delete` `{ ids }`. */
export const bulkDeleteInput = z.object(
  { ids: selectionIds(MAX_BULK_DELETE_IDS, RULE_TEXT.badIds(MAX_BULK_DELETE_IDS)) },
  { error: RULE_TEXT.badIds(MAX_BULK_DELETE_IDS) },
);

/** `POST /api/photos/archive` `{ ids }`. */
export const archiveInput = z.object(
  { ids: selectionIds(MAX_ARCHIVE_IDS, RULE_TEXT.badIds(MAX_ARCHIVE_IDS)) },
  { error: RULE_TEXT.badIds(MAX_ARCHIVE_IDS) },
);

/**
 * The pages' "Delete" of a selection (`POST /myphotos/selection/delete`): `returnTo` is checked
 * by photoReturnTo; only `confirmed=yes` deletes, anything else asks first.
 */
export const selectionDeleteForm = z.preprocess(
  (body) => body ?? {},
  z.object({
    ids: formIds(MAX_BULK_DELETE_IDS),
    returnTo: z.unknown().optional(),
    confirmed: z
      .unknown()
      .optional()
      .transform((value) => value === 'yes'),
  }),
);

/** The pages' "Download" of a selection (`POST /myphotos/selection/download`). */
export const selectionDownloadForm = z.preprocess(
  (body) => body ?? {},
  z.object({ ids: formIds(MAX_ARCHIVE_IDS) }),
);

export type SelectionInput = z.output<typeof bulkDeleteInput>;
export type SelectionDeleteForm = z.output<typeof selectionDeleteForm>;
export type SelectionDownloadForm = z.output<typeof selectionDownloadForm>;
export type UploadFields = z.output<typeof uploadFields>;
export type DescriptionEdit = z.output<typeof descriptionEdit>;
export type GridQuery = z.output<typeof gridQuery>;
export type ListQuery = z.output<typeof listQuery>;
export type SearchQuery = z.output<typeof searchQuery>;
