import {
  assertWritableKey,
  contentTypeForKey,
  InvalidStorageKeyError,
  isSafeStorageKey,
} from './storage-key';

describe('storage keys', () => {
  it.each([
    'a.jpg',
    '9f86d081884c7d659a2feaa0c55ad015/0b9e3c4e-6a2f-4d8e-9c1a-2f4b5d6e7f80/original.jpg',
    'owner_1/photo-2/thumbnail.v2.png',
  ])('accepts %j', (key) => {
    expect(isSafeStorageKey(key)).toBe(true);
  });

  it.each([
    '',
    '..',
    '../a.jpg',
    'a/../b.jpg',
    'a/./b.jpg',
    '/abs.jpg',
    'a/',
    'a//b.jpg',
    'a\\b.jpg',
    'C:/a.jpg',
    'a\0b.jpg',
    'a\n.jpg',
    'é.jpg',
    '.tmp',
    `${'a'.repeat(509)}.jpg`,
  ])('refuses %j', (key) => {
    expect(isSafeStorageKey(key)).toBe(false);
  });

  it.each([
    ['a/b/original.jpg', 'image/jpeg'],
    ['a/b/original.JPEG', 'image/jpeg'],
    ['a/b/thumbnail.png', 'image/png'],
    ['a/b/x.webp', 'image/webp'],
    ['a/b/original.gif', 'image/gif'],
    ['a/b/original.avif', 'image/avif'],
    ['a/b/original.tif', 'image/tiff'],
    ['a/b/x.svg', undefined],
    ['a/b/x.html', undefined],
    ['a.b/noextension', undefined],
  ])('the extension of %j names %j', (key, contentType) => {
    expect(contentTypeForKey(key)).toBe(contentType);
  });

  it('a writable key must name its content type', () => {
    expect(() => assertWritableKey('a/b.png', 'image/png')).not.toThrow();
    expect(() => assertWritableKey('a/b.png', 'image/jpeg')).toThrow(InvalidStorageKeyError);
    expect(() => assertWritableKey('../b.png', 'image/png')).toThrow(InvalidStorageKeyError);
  });
});
