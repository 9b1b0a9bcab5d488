import { entryFileName, uniqueEntryNames } from './archive-entry-names';

describe('zip entry names', () => {
  it('keeps a plain file name as it is', () => {
    expect(entryFileName('IMG_2041.jpg')).toBe('IMG_2041.jpg');
    expect(entryFileName('Café à Paris.jpg')).toBe('Café à Paris.jpg');
  });

  it('never makes a path: directories, `..`, leading dots and control characters go', () => {
    expect(entryFileName('../../etc/passwd.jpg')).toBe('passwd.jpg');
    expect(entryFileName('C:\\Users\\me\\a.jpg')).toBe('a.jpg');
    expect(entryFileName('..')).toBe('photo');
    expect(entryFileName('.hidden.jpg')).toBe('hidden.jpg');
    expect(entryFileName('a\u0000b\nc\u202e.jpg')).toBe('abc.jpg');
    expect(entryFileName('dir/')).toBe('photo');
  });

  it('numbers repeated names before the extension, whatever their case', () => {
    expect(uniqueEntryNames(['a.jpg', 'a.jpg', 'A.JPG', 'b.png', 'a.jpg'])).toEqual([
      'a.jpg',
      'a (2).jpg',
      'A (3).JPG',
      'b.png',
      'a (4).jpg',
    ]);
  });

  it('steps over a name that already has the number it would get', () => {
    expect(uniqueEntryNames(['a (2).jpg', 'a.jpg', 'a.jpg'])).toEqual([
      'a (2).jpg',
      'a.jpg',
      'a (3).jpg',
    ]);
    expect(uniqueEntryNames(['noext', 'noext'])).toEqual(['noext', 'noext (2)']);
  });
});
