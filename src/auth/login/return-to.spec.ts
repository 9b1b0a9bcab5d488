import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/myphotos', '/myphotos'],
    ['/myphotos?cursor=abc', '/myphotos?cursor=abc'],
    ['/a/../myphotos', '/myphotos'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'evil.example',
    '',
    undefined,
    ['/myphotos'],
    '/' + 'a'.repeat(3000),
  ])('turns %p into "/"', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });
});
