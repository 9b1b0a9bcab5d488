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
    ['/myphotos?before=abc_-9', '/myphotos?before=abc_-9'],
    ['/myphotos?month=2024-09', '/myphotos?month=2024-09'],
    [
      '/search?q=caf%C3%A9+beach&takenFrom=2024-01-01',
      '/search?q=caf%C3%A9+beach&takenFrom=2024-01-01',
    ],
    [
      `/photos/${ID}?returnTo=%2Fsearch%3Fq%3Dbeach%26cursor%3Dab`,
      `/photos/${ID}?returnTo=%2Fsearch%3Fq%3Dbeach%26cursor%3Dab`,
    ],
    [`/albums/${ID}`, `/albums/${ID}`],
    [`/albums/${ID}?cursor=abc_-9`, `/albums/${ID}?cursor=abc_-9`],
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
    ['/albums/not-an-id'],
    [`/albums/${ID}?cursor=a&next=//evil.example`],
    [`/photos/${ID}?returnTo=%2Falbums%2F${ID}`],
    ['/myphotos?month=2024-13'],
    ['/search'],
    ['/search?q=a#frag'],
    ['/search?q=//evil.example'],
    ['/searchx?q=a'],
    [`/photos/${ID}?returnTo=%2F%2Fevil.example`],
    [`/photos/${ID}?returnTo=%2Flogout`],
    [`/photos/${ID}?returnTo=/myphotos`],
    [`/photos/${ID}?returnTo=%E0%A4%A`],
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
