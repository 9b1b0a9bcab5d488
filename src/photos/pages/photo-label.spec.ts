import { photoLabel } from './photo-label';

const createdAt = new Date('2026-11-30T08:15:42Z');

describe('photoLabel', () => {
  it('is the first line of the description', () => {
    expect(photoLabel({ description: 'Launch day\nat the coast', createdAt })).toBe('Launch day');
  });

  it('shortens a long first line', () => {
    const label = photoLabel({ description: 'x'.repeat(200), createdAt });
    expect(label).toHaveLength(80);
    expect(label.endsWith('…')).toBe(true);
  });

  it('names a photo without a description by its upload time', () => {
    expect(photoLabel({ description: '  ', createdAt })).toBe(
      'photo uploaded 2026-11-30 08:15 UTC',
    );
  });
});
