import { z } from 'zod';
import { isPhotoId } from '../photos/photo-id';
import {
  EXPIRY_CHOICES,
  MAX_SHARE_PASSWORD_LENGTH,
  MIN_SHARE_PASSWORD_LENGTH,
  SHARE_TEXT,
} from './share-rules';

/** What may be sent to make a share link, checked at the edge; the service checks the rest. */

const id = z
  .string({ error: SHARE_TEXT.targetInvalid })
  .refine(isPhotoId, { error: SHARE_TEXT.targetNotFound })
  .transform((value) => value.toLowerCase());

const password = z
  .string({ error: SHARE_TEXT.passwordLength })
  .min(MIN_SHARE_PASSWORD_LENGTH, { error: SHARE_TEXT.passwordLength })
  .max(MAX_SHARE_PASSWORD_LENGTH, { error: SHARE_TEXT.passwordLength });

/** Exactly one of photoId and albumId. */
function target(input: { photoId?: string; albumId?: string }, ctx: z.RefinementCtx) {
  if ((input.photoId === undefined) === (input.albumId === undefined))
    ctx.addIssue({ code: 'custom', message: SHARE_TEXT.targetInvalid, input });
}

/** POST /api/shares. */
export const createShareInput = z
  .object(
    {
      photoId: id.optional(),
      albumId: id.optional(),
      expiresAt: z.iso
        .datetime({ offset: true, error: SHARE_TEXT.expiryInvalid })
        .transform((text) => new Date(text))
        .optional(),
      allowDownload: z.boolean({ error: SHARE_TEXT.allowDownloadInvalid }).default(false),
      password: password.optional(),
    },
    { error: SHARE_TEXT.targetInvalid },
  )
  .superRefine(target);

/** The Share form (album and photo pages): days rather than a date; "" password is none. */
export const createShareForm = z
  .object({
    photoId: id.optional(),
    albumId: id.optional(),
    expiresInDays: z.enum(EXPIRY_CHOICES, { error: 'Choose when the link stops working.' }),
    allowDownload: z.literal('on').optional(),
    password: z
      .string()
      .optional()
      .transform((text) => (text ? text : undefined))
      .pipe(password.optional()),
  })
  .superRefine(target);

export type CreateShareInput = z.output<typeof createShareInput>;
export type CreateShareForm = z.output<typeof createShareForm>;
