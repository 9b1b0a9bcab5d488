import { photoReturnTo, withReturnTo } from './photo-return-to';

const ID = '0190f3a2-7b1c-7d2e-8f30-123456789abc';

describe('photoReturnTo', () => {
  it.each([
    ['/myphotos', '/myphotos'],
    ['/myphotos?cursor=abc_-9', '/myphotos?cursor=abc_-9'],
    ['/myphotos?cursor=abc_-9&page=2', '/myphotos?cursor=abc_-9&page=2'],
    [
      `/photos/${ID}?returnTo=%2Fmyphotos%3Fcursor%3Dabc%26page%3D3`,
      `/photos/${ID}?returnTo=%2Fmyphotos%3Fcursor%3Dabc%26page%3D3`,
    ],
    [`/photos/${ID}`, `/photos/${ID}`],
    [`/photos/${ID}?returnTo=%2Fmyphotos`, `/photos/${ID}?returnTo=%2Fmyphotos`],
  ])('keeps %j', (value, expected) => {
    expect(photoReturnTo(value)).toBe(expected);
  });

  it.each([
    ['https://evil.example/myphotos'],
    ['//evil.example/myphotos'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/logout'],
    ['/myphotosx'],
    ['/myphotos?cursor=abc&page=0'],
    ['/myphotos?cursor=abc&page=2&next=//evil.example'],
    ['/myphotos?page=2'],
    ['/photos/not-an-id'],
    [undefined],
    [['/myphotos', '/x']],
  ])('sends %j to the first grid page', (value) => {
    expect(photoReturnTo(value)).toBe('/myphotos');
  });
});

describe('withReturnTo', () => {
  it('adds the place to come back to, except the first grid page', () => {
    expect(withReturnTo(`/photos/${ID}`, '/myphotos')).toBe(`/photos/${ID}`);
    expect(withReturnTo(`/photos/${ID}`, '/myphotos?cursor=x')).toBe(
      `/photos/${ID}?returnTo=%2Fmyphotos%3Fcursor%3Dx`,
    );
  });
});
