import { z } from 'zod';
import { isPhotoId } from '../photos/photo-id';
import { formIds } from '../photos/photo-input';
import { ALBUM_TEXT, MAX_ALBUM_ADD_IDS, MAX_ALBUM_NAME_LENGTH } from './album-rules';

/**
 * What a request may send to the album routes, checked at the edge (ZodValidationPipe), so
 * AlbumsService takes typed values.
 */

/** 1–200 characters once trimmed (the database checks the same). */
export const albumName = z
  .string({ error: ALBUM_TEXT.nameInvalid })
  .trim()
  .min(1, { error: ALBUM_TEXT.nameInvalid })
  .max(MAX_ALBUM_NAME_LENGTH, { error: ALBUM_TEXT.nameInvalid });

/** POST /api/albums, PATCH /api/albums/:id and the pages' "New album" and "Rename" forms. */
export const albumNameInput = z.object({ name: albumName }, { error: ALBUM_TEXT.nameInvalid });

const photoId = z
  .string({ error: ALBUM_TEXT.idsInvalid })
  .refine(isPhotoId, { error: 'Each id must be a photo id (a UUID).' })
  .transform((id) => id.toLowerCase());

/** POST /api/albums/:id/photos: 1 to 100 ids, each said once in the answer. */
export const addPhotosInput = z.object(
  {
    ids: z
      .array(photoId, { error: ALBUM_TEXT.idsInvalid })
      .min(1, { error: ALBUM_TEXT.idsInvalid })
      .max(MAX_ALBUM_ADD_IDS, { error: ALBUM_TEXT.idsInvalid })
      .transform((ids) => [...new Set(ids)]),
  },
  { error: ALBUM_TEXT.idsInvalid },
);

/** The photo page's "Add to album" form: one album, one photo. */
export const addOnePhotoForm = z.object({
  albumId: z.string({ error: 'Choose an album.' }).min(1, { error: 'Choose an album.' }),
  photoId: z.string({ error: 'There is no such photo.' }),
});

/**
 * A page's selection (`ids`, repeated): 1 to 100 strings. Each is taken as given: AlbumsService
 * keeps the caller's photos among them and ignores the rest.
 */
const selectionIds = formIds(MAX_ALBUM_ADD_IDS);

/** A field a form may leave out or send empty: both are "not given". */
const optionalText = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : undefined));

/**
 * `POST /albums/add-photos`, the selection's "Add to album": `ids` alone asks which album;
 * with `albumId`, into that album; with `name`, into a new album of that name (albumName, checked
 * by the controller so a bad name can be shown on its field). `returnTo` is the page the
 * selection came from (checked by photoReturnTo).
 */
export const addSelectionForm = z.preprocess(
  (body) => body ?? {},
  z.object({
    ids: selectionIds,
    albumId: optionalText,
    name: z.string().optional(),
    returnTo: z.unknown().optional(),
  }),
);

/** `POST /albums/:id/photos/remove`, the album page's "Remove from album" of a selection. */
export const removeSelectionForm = z.preprocess(
  (body) => body ?? {},
  z.object({ ids: selectionIds }),
);

export type AlbumNameInput = z.output<typeof albumNameInput>;
export type AddPhotosInput = z.output<typeof addPhotosInput>;
export type AddOnePhotoForm = z.output<typeof addOnePhotoForm>;
export type AddSelectionForm = z.output<typeof addSelectionForm>;
export type RemoveSelectionForm = z.output<typeof removeSelectionForm>;
