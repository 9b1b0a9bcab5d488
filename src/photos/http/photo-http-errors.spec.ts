import { BadRequestException, ForbiddenException, PayloadTooLargeException } from '@nestjs/common';
import {
  CorruptImageError,
  EmptyImageError,
  ImageTooLargeError,
  UnsupportedImageTypeError,
} from '../image';
import { InvalidCursorError, PhotoInputError, PhotoNotFoundError } from '../photo-errors';
import { UploadBodyTooLargeError } from '../intake/upload-budget';
import { photoHttpException } from './photo-http-errors';

const MAX = 20 * 1024 * 1024;
const ONE = { maxFiles: 1, maxBytesPerFile: MAX };
const statusOf = (error: unknown) => photoHttpException(error, ONE)?.getStatus();
const messageOf = (error: unknown) => photoHttpException(error, ONE)?.message;

/** What Nest's FileInterceptor throws for a multer error (the MulterError is the cause). */
const multerError = (
  code: string,
  exception: typeof BadRequestException | typeof PayloadTooLargeException,
) =>
  new exception('multer wording', { cause: Object.assign(new Error('multer wording'), { code }) });

describe('photoHttpException', () => {
  it.each([
    ['an empty file', new EmptyImageError(), 400],
    ['a damaged image', new CorruptImageError(), 400],
    ['a file that is not an accepted image', new UnsupportedImageTypeError(), 415],
    ['a decompression bomb', new ImageTooLargeError(50_000_000), 413],
    ['no file', PhotoInputError.missingPhoto(), 400],
    ['too long a description', PhotoInputError.descriptionTooLong(2000), 400],
    ['too large a file', PhotoInputError.photoTooLarge(MAX), 413],
    ["someone else's photo", new PhotoNotFoundError(), 404],
    ['an edited cursor', new InvalidCursorError('x'), 400],
  ])('maps %s to %i with the reason people read', (_label, error, status) => {
    expect(statusOf(error)).toBe(status);
    expect(messageOf(error)).toBe((error as { reason: string }).reason);
  });

  it("names the size limit for multer's LIMIT_FILE_SIZE", () => {
    expect(statusOf(multerError('LIMIT_FILE_SIZE', PayloadTooLargeException))).toBe(413);
    expect(messageOf(multerError('LIMIT_FILE_SIZE', PayloadTooLargeException))).toBe(
      'The photo is larger than 20 MB.',
    );
  });

  it('asks for one photo when multer saw more files or another field', () => {
    for (const code of ['LIMIT_FILE_COUNT', 'LIMIT_UNEXPECTED_FILE']) {
      expect(statusOf(multerError(code, BadRequestException))).toBe(400);
      expect(messageOf(multerError(code, BadRequestException))).toMatch(/one photo/);
    }
  });

  it('names the batch limits on the upload form: files at once, and the whole body', () => {
    const batch = { maxFiles: 20, maxBytesPerFile: MAX };
    const tooMany = photoHttpException(multerError('LIMIT_FILE_COUNT', BadRequestException), batch);
    expect(tooMany?.getStatus()).toBe(400);
    expect(tooMany?.message).toBe('Choose at most 20 photos at a time.');
    const otherField = photoHttpException(
      multerError('LIMIT_UNEXPECTED_FILE', BadRequestException),
      batch,
    );
    expect(otherField?.message).toBe('Send the photos in the Photo field.');
    const body = photoHttpException(new UploadBodyTooLargeError(batch), batch);
    expect(body?.getStatus()).toBe(413);
    expect(body?.message).toBe(
      'The upload is larger than 400 MB (20 photos of at most 20 MB each). Upload fewer photos at a time.',
    );
  });

  it('leaves other errors alone', () => {
    expect(photoHttpException(new ForbiddenException(), ONE)).toBeUndefined();
    expect(photoHttpException(new Error('db down'), ONE)).toBeUndefined();
  });
});
