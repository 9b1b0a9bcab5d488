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

  describe('for API clients', () => {
    const api = (error: unknown) => photoHttpException(error, ONE, 'api')?.message;
    const unexpected = (field: string) =>
      new BadRequestException('multer wording', {
        cause: Object.assign(new Error('multer wording'), { code: 'LIMIT_UNEXPECTED_FILE', field }),
      });

    it('names the multipart field "photo" and the field the request used instead', () => {
      expect(api(PhotoInputError.missingPhoto())).toBe(
        'No image: send it as the multipart/form-data file field "photo".',
      );
      expect(api(unexpected('file'))).toBe(
        'Unexpected file field "file": send the image as the multipart/form-data file field "photo".',
      );
      expect(api(unexpected('photo'))).toBe(
        'Send one image per request, as the multipart/form-data file field "photo".',
      );
      expect(api(multerError('LIMIT_FILE_COUNT', BadRequestException))).toBe(
        'Send one image per request, as the multipart/form-data file field "photo".',
      );
    });

    it('does not echo a field name that is long or not plain', () => {
      for (const field of ['x'.repeat(41), 'a b', 'a"b', 'é'])
        expect(api(unexpected(field))).toBe(
          'Send the image as the multipart/form-data file field "photo".',
        );
    });

    it('names `cursor`, and keeps the wording of rules that already name their field', () => {
      expect(api(new InvalidCursorError('x'))).toMatch(/^cursor is not valid/);
      expect(api(PhotoInputError.descriptionTooLong(2000))).toBe(
        PhotoInputError.descriptionTooLong(2000).reason,
      );
    });

    it('while the web form keeps its own wording', () => {
      expect(
        photoHttpException(unexpected('file'), { maxFiles: 20, maxBytesPerFile: MAX })?.message,
      ).toBe('Send the photos in the Photo field.');
      expect(messageOf(PhotoInputError.missingPhoto())).toBe('Choose a photo to upload.');
    });
  });

  it('leaves other errors alone', () => {
    expect(photoHttpException(new ForbiddenException(), ONE)).toBeUndefined();
    expect(photoHttpException(new Error('db down'), ONE)).toBeUndefined();
  });
});
