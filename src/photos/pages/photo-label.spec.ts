import { namesOnPage, photoAlt, photoLabel } from './photo-label';

const bare = {
  description: '',
  createdAt: new Date('2026-11-30T08:15:42Z'),
  takenAt: null,
  takenAtOffset: null,
  originalFileName: null,
};

describe('photoLabel', () => {
  it('is the first line of the description', () => {
    expect(photoLabel({ ...bare, description: 'Launch day\nat the coast' })).toBe('Launch day');
  });

  it('shortens a long first line', () => {
    const label = photoLabel({ ...bare, description: 'x'.repeat(200) });
    expect(label).toHaveLength(80);
    expect(label.endsWith('…')).toBe(true);
  });

  it('names an undescribed photo by its file name and when it was taken, on the camera clock', () => {
    const photo = {
      ...bare,
      originalFileName: 'IMG_1234.jpg',
      takenAt: new Date('2024-09-14T16:02:00Z'),
      takenAtOffset: '+02:00',
    };
    expect(photoLabel(photo)).toBe('IMG_1234.jpg, taken 2024-09-14 18:02');
    expect(photoLabel({ ...photo, takenAtOffset: null })).toBe(
      'IMG_1234.jpg, taken 2024-09-14 16:02',
    );
    expect(photoLabel({ ...photo, takenAtOffset: '-05:30' })).toBe(
      'IMG_1234.jpg, taken 2024-09-14 10:32',
    );
  });

  it('falls back to the upload time, so two undescribed photos never read alike', () => {
    expect(photoLabel(bare)).toBe('photo uploaded 2026-11-30 08:15 UTC');
    expect(photoLabel({ ...bare, originalFileName: 'a.png' })).toBe(
      'a.png, uploaded 2026-11-30 08:15 UTC',
    );
  });
});

describe('photoAlt', () => {
  it('is the whole description, else the label', () => {
    expect(photoAlt({ ...bare, description: 'Two lines\nof text' })).toBe('Two lines\nof text');
    expect(photoAlt({ ...bare, originalFileName: 'b.jpg' })).toBe(
      'b.jpg, uploaded 2026-11-30 08:15 UTC',
    );
  });
});

describe('namesOnPage', () => {
  const batch = (name: string, minute: number) => ({
    ...bare,
    description: 'Harbour at dusk\nfrom the pier',
    originalFileName: name,
    takenAt: new Date(`2024-09-14T16:${String(minute).padStart(2, '0')}:00Z`),
  });

  it('tells apart photos of one batch that share their description, by file name and date', () => {
    const names = namesOnPage([
      batch('a.jpg', 1),
      batch('b.jpg', 2),
      { ...bare, description: 'Alone' },
    ]);
    expect(names).toEqual([
      {
        alt: 'Harbour at dusk\nfrom the pier (a.jpg, taken 2024-09-14 16:01)',
        label: 'Harbour at dusk (a.jpg, taken 2024-09-14 16:01)',
      },
      {
        alt: 'Harbour at dusk\nfrom the pier (b.jpg, taken 2024-09-14 16:02)',
        label: 'Harbour at dusk (b.jpg, taken 2024-09-14 16:02)',
      },
      { alt: 'Alone', label: 'Alone' },
    ]);
    expect(new Set(names.map((name) => name.label)).size).toBe(3);
  });

  it('leaves a description alone when no other photo on the page shares it', () => {
    expect(namesOnPage([batch('a.jpg', 1)])).toEqual([
      { alt: 'Harbour at dusk\nfrom the pier', label: 'Harbour at dusk' },
    ]);
  });
});
