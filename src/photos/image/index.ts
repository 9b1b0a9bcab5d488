export * from './image-errors';
export * from './image-processor';
export { type AcceptedImageType, MIME_TYPES, sniffImageType } from './image-type';
export * from './image-queue';
export { type CaptureDate, parseExifDate } from './capture-date';
