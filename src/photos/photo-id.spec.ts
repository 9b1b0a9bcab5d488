import { isPhotoId, newPhotoId, photoIdTime } from './photo-id';

describe('photo ids', () => {
  it('are UUIDv7s that carry the time they were made', () => {
    const made = Date.UTC(2025, 10, 26, 12, 30, 45, 123);
    const id = newPhotoId(made);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(photoIdTime(id)?.getTime()).toBe(made);
  });

  it('sort by creation time', () => {
    const earlier = newPhotoId(1_000_000);
    const later = newPhotoId(1_000_001);
    expect(earlier < later).toBe(true);
  });

  it('are unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newPhotoId(42)));
    expect(ids.size).toBe(1000);
  });

  it('tell no time for other UUIDs', () => {
    expect(photoIdTime('0b8e2a52-58a5-4d5b-9c41-2f1a0f0e9d11')).toBeUndefined();
    expect(photoIdTime('not-a-uuid')).toBeUndefined();
  });

  it('recognise any UUID and refuse anything else', () => {
    expect(isPhotoId('0b8e2a52-58a5-4d5b-9c41-2f1a0f0e9d11')).toBe(true);
    expect(isPhotoId(newPhotoId())).toBe(true);
    for (const bad of [
      '',
      '1',
      "' OR 1=1 --",
      '0b8e2a52-58a5-4d5b-9c41-2f1a0f0e9d1',
      '../etc/passwd',
    ]) {
      expect(isPhotoId(bad)).toBe(false);
    }
  });
});
