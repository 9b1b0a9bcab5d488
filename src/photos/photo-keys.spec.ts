import { isSafeStorageKey } from './storage';
import { newPhotoId } from './photo-id';
import { ownerKeyPrefix, photoIdOfKey, photoKey } from './photo-keys';

describe('photo storage keys', () => {
  const id = newPhotoId();

  it("group an owner's files under a hash that does not reveal the sub", () => {
    const key = photoKey('user-sub-123', id, 'original', 'image/jpeg');
    expect(key).toBe(`${ownerKeyPrefix('user-sub-123')}/${id}/original.jpg`);
    expect(key).not.toContain('user-sub-123');
    expect(ownerKeyPrefix('user-sub-123')).toMatch(/^[0-9a-f]{16}$/);
    expect(ownerKeyPrefix('someone-else')).not.toBe(ownerKeyPrefix('user-sub-123'));
  });

  it('name the content type by extension, as the storage drivers require', () => {
    expect(photoKey('s', id, 'thumbnail', 'image/png')).toMatch(/\/thumbnail\.png$/);
    expect(photoKey('s', id, 'original', 'image/webp')).toMatch(/\/original\.webp$/);
  });

  it('are safe storage keys', () => {
    expect(isSafeStorageKey(photoKey('a/../../b', id, 'original', 'image/jpeg'))).toBe(true);
  });

  it('give back the photo id, and nothing for keys of another shape', () => {
    expect(photoIdOfKey(photoKey('s', id, 'thumbnail', 'image/jpeg'))).toBe(id);
    expect(photoIdOfKey('README.txt')).toBeUndefined();
    expect(photoIdOfKey(`x/${id}/original.jpg`)).toBeUndefined();
    expect(photoIdOfKey(`${ownerKeyPrefix('s')}/${id}/other.jpg`)).toBeUndefined();
  });
});
