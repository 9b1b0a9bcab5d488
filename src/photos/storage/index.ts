export * from './photo-storage';
export * from './storage-key';
export * from './local-disk-photo-storage';
export * from './s3-photo-storage';
export * from './create-photo-storage';
