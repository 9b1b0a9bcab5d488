export * from './image-errors';
export * from './image-processor';
export { type AcceptedImageType, sniffImageType } from './image-type';
export * from './image-queue';
