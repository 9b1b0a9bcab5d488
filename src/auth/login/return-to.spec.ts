import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/myphotos', '/myphotos'],
    ['/myphotos?cursor=abc', '/myphotos?cursor=abc'],
    ['/a/../myphotos', '/myphotos'],
    [
      '/photos/0190a3b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b/delete',
      '/photos/0190a3b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b/delete',
    ],
    ['/myphotos#top', '/myphotos'],
    ['/search?q=caf%C3%A9%20au%20lait', '/search?q=caf%C3%A9%20au%20lait'],
    ['/./myphotos', '/myphotos'],
    // A query may carry an encoded path of its own: the photo page's way back to its grid page.
    [
      '/photos/0190a3b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b?returnTo=%2Fmyphotos%3Fcursor%3Dabc%26page%3D2',
      '/photos/0190a3b2-1c2d-7e3f-8a9b-0c1d2e3f4a5b?returnTo=%2Fmyphotos%3Fcursor%3Dabc%26page%3D2',
    ],
    ['/albums/x?next=%2F%2Fevil.example', '/albums/x?next=%2F%2Fevil.example'],
  ])('keeps the local path %s as %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    // Absolute and scheme-relative URLs.
    'https://evil.example',
    'http://photos.invalid@evil.example/',
    '//evil.example',
    '///evil.example',
    '////evil.example/x',
    // The forms of issue 8 (finding 3): dot segments that resolve to "//evil.example".
    '/.//evil.example/phish',
    '/..//evil.example/phish',
    '/%2e//evil.example/phish',
    '/%2E//evil.example',
    '/%2e%2e//evil.example',
    '/a/..//evil.example',
    '/././/evil.example',
    '/.././/evil.example',
    // Encoded slashes and backslashes.
    '/%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%5c/evil.example',
    '/%5Cevil.example',
    // Backslashes, which browsers read as slashes.
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    // Control characters, raw and encoded (browsers drop tabs and newlines in URLs).
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\u0000/evil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    '/%00',
    '/%7f',
    // Other schemes and relative forms.
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'evil.example',
    './/evil.example',
    '?returnTo=//evil.example',
    ' /myphotos',
    // Not a string, empty, too long.
    '',
    undefined,
    null,
    42,
    ['/myphotos'],
    { toString: () => '/myphotos' },
    '/' + 'a'.repeat(3000),
    // Encoded control characters in the query too.
    '/myphotos?x=%0d%0aSet-Cookie:%20a=b',
    '/myphotos?x=%00',
    // Not a destination: the home page and the sign-in routes themselves.
    '/',
    '/?from=home',
    '/login',
    '/login?returnTo=%2Fmyphotos',
    '/callback?code=x',
    '/logout',
  ])('turns %p into "/myphotos"', (input) => {
    expect(safeReturnTo(input)).toBe(DEFAULT_RETURN_TO);
  });

  it('falls back to "My photos"', () => {
    expect(DEFAULT_RETURN_TO).toBe('/myphotos');
  });
});
