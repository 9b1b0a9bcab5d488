import { attachmentDisposition, safeFileName } from './photo-file-name';

describe('safeFileName', () => {
  it('keeps the base name and puts the detected type’s extension on it', () => {
    expect(safeFileName('IMG_2041.JPG', 'image/jpeg')).toBe('IMG_2041.jpg');
    expect(safeFileName('holiday.png', 'image/jpeg')).toBe('holiday.jpg');
    expect(safeFileName('Café au lait.heic', 'image/avif')).toBe('Café au lait.avif');
  });

  it('drops paths, quotes, control characters and leading dots', () => {
    expect(safeFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(safeFileName('C:\\Users\\me\\a.jpg', 'image/jpeg')).toBe('a.jpg');
    expect(safeFileName('x"; filename=evil.html\r\n.jpg', 'image/jpeg')).toBe(
      'x__ filename_evil.html__.jpg',
    );
    expect(safeFileName('.htaccess.jpg', 'image/jpeg')).toBe('htaccess.jpg');
  });

  it('gives null when nothing usable is left', () => {
    expect(safeFileName(undefined, 'image/jpeg')).toBeNull();
    expect(safeFileName('...', 'image/jpeg')).toBeNull();
    expect(safeFileName('photo.jpg', 'text/html')).toBeNull();
  });
});

describe('attachmentDisposition', () => {
  it('is an attachment with an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('Café.jpg')).toBe(
      `attachment; filename="Caf_.jpg"; filename*=UTF-8''Caf%C3%A9.jpg`,
    );
  });
});
