import { Clock } from '../common/clock';
import type { Photo, PhotoFile, PhotoVariant } from '../photos/photo';
import type { PhotoFiles } from '../photos/photo-files';
import { ShareLockedError, ShareUnavailableError } from './share-errors';
import type { OpenedLink } from './share-link';
import { ShareHashingQueue } from './share-hashing-queue';
import { ShareSecrets } from './share-secrets';
import { SharedLinks } from './shared-links.service';
import type { SharesRepository } from './shares.repository';
import type { UnlockAttempts } from './unlock-attempts';

class FixedClock extends Clock {
  constructor(public at: number) {
    super();
  }
  now(): number {
    return this.at;
  }
}

const PHOTO_ID = '0190f3a2-7b1c-7d2e-8f30-123456789abc';
const NOW = Date.parse('2030-01-01T00:00:00Z');

function linkOf(overrides: Partial<OpenedLink> = {}): OpenedLink {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    ownerName: 'Demo',
    photoId: PHOTO_ID,
    albumId: null,
    expiresAt: null,
    allowDownload: false,
    passwordHash: null,
    title: 'A photo',
    ...overrides,
  };
}

/** SharedLinks over a link found by any token, recording what PhotoFiles was asked. */
function sharedLinks(link: OpenedLink | undefined) {
  const asked: { variant: PhotoVariant; presignSeconds: number }[] = [];
  const repository = {
    findLive: () => Promise.resolve(link),
    photo: (id: string) => Promise.resolve({ id } as Photo),
  } as unknown as SharesRepository;
  const files = {
    open: (_photo: Photo, variant: PhotoVariant, presignSeconds: number) => {
      asked.push({ variant, presignSeconds });
      return Promise.resolve({ kind: 'redirect', url: 'https://bucket/x' } as PhotoFile);
    },
  } as unknown as PhotoFiles;
  const secrets = new ShareSecrets({ secret: 'x'.repeat(32) } as never);
  const service = new SharedLinks(
    repository,
    files,
    secrets,
    {} as UnlockAttempts,
    new ShareHashingQueue(),
    new FixedClock(NOW),
  );
  return { service, asked, secrets };
}

describe('SharedLinks.file', () => {
  it('presigns for five minutes at most when the link never expires', async () => {
    const { service, asked } = sharedLinks(linkOf());
    const shared = await service.file('token', undefined, PHOTO_ID, 'image');
    expect(asked).toEqual([{ variant: 'image', presignSeconds: 300 }]);
    expect(shared.maxAgeSeconds).toBe(300);
  });

  it('never presigns (or lets a browser cache) past the link’s own end', async () => {
    const { service, asked } = sharedLinks(linkOf({ expiresAt: new Date(NOW + 42_500) }));
    const shared = await service.file('token', undefined, PHOTO_ID, 'thumbnail');
    expect(asked).toEqual([{ variant: 'thumbnail', presignSeconds: 42 }]);
    expect(shared.maxAgeSeconds).toBe(42);
  });

  it('refuses originals unless the link allows downloads, and unknown variants', async () => {
    const { service, asked } = sharedLinks(linkOf());
    await expect(service.file('token', undefined, PHOTO_ID, 'original')).rejects.toBeInstanceOf(
      ShareUnavailableError,
    );
    await expect(service.file('token', undefined, PHOTO_ID, 'exif')).rejects.toBeInstanceOf(
      ShareUnavailableError,
    );
    expect(asked).toEqual([]);
    const open = sharedLinks(linkOf({ allowDownload: true }));
    await open.service.file('token', undefined, PHOTO_ID, 'original');
    expect(open.asked.map((call) => call.variant)).toEqual(['original']);
  });

  it('serves only the link’s own photo, and nothing of a dead link', async () => {
    const { service } = sharedLinks(linkOf());
    await expect(
      service.file('token', undefined, '0190f3a2-7b1c-7d2e-8f30-000000000000', 'image'),
    ).rejects.toBeInstanceOf(ShareUnavailableError);
    const dead = sharedLinks(undefined);
    await expect(dead.service.file('token', undefined, PHOTO_ID, 'image')).rejects.toBeInstanceOf(
      ShareUnavailableError,
    );
  });

  it('wants a valid unlock pass for a password link: this link’s, not expired', async () => {
    const link = linkOf({ passwordHash: 'scrypt$…' });
    const { service, secrets } = sharedLinks(link);
    await expect(service.file('token', undefined, PHOTO_ID, 'image')).rejects.toBeInstanceOf(
      ShareLockedError,
    );
    const valid = secrets.unlockPass(link.id, NOW + 60_000);
    await expect(service.file('token', valid, PHOTO_ID, 'image')).resolves.toBeDefined();
    const expired = secrets.unlockPass(link.id, NOW);
    await expect(service.file('token', expired, PHOTO_ID, 'image')).rejects.toBeInstanceOf(
      ShareLockedError,
    );
    const otherLink = secrets.unlockPass('22222222-2222-4222-8222-222222222222', NOW + 60_000);
    await expect(service.file('token', otherLink, PHOTO_ID, 'image')).rejects.toBeInstanceOf(
      ShareLockedError,
    );
  });
});

describe('ShareSecrets', () => {
  const secrets = new ShareSecrets({
    secret: 'a'.repeat(32),
    previousSecret: 'b'.repeat(32),
  } as never);
  const rotated = new ShareSecrets({ secret: 'b'.repeat(32) } as never);

  it('seals a token so that only its secrets open it', () => {
    const sealed = secrets.sealToken('the-token');
    expect(sealed).not.toContain('the-token');
    expect(secrets.openToken(sealed)).toBe('the-token');
    expect(rotated.openToken(sealed)).toBeUndefined();
    expect(secrets.openToken(rotated.sealToken('old'))).toBe('old');
    expect(secrets.openToken(sealed.slice(0, -2) + 'AA')).toBeUndefined();
  });

  it('refuses tampered unlock passes', () => {
    const pass = secrets.unlockPass('link', NOW + 1000);
    expect(secrets.isValidUnlockPass(pass, 'link', NOW)).toBe(true);
    const [expiry, mac] = pass.split('.');
    expect(secrets.isValidUnlockPass(`${Number(expiry) + 1}.${mac}`, 'link', NOW)).toBe(false);
    expect(secrets.isValidUnlockPass(`${expiry}.${mac}x`, 'link', NOW)).toBe(false);
    expect(secrets.isValidUnlockPass(`${expiry}`, 'link', NOW)).toBe(false);
    expect(secrets.isValidUnlockPass(['x'], 'link', NOW)).toBe(false);
  });
});
