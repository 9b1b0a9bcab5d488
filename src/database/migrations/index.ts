import { CreateUserSessions1764130000000 } from './1764130000000-create-user-sessions';
import { CreatePhotos1764130100000 } from './1764130100000-create-photos';
import { CreateRateLimitCounters1764130300000 } from './1764130300000-create-rate-limit-counters';
import { KeepOriginals1764140000000 } from './1764140000000-keep-originals';
import { CreateSignInRevocations1764141000000 } from './1764141000000-create-sign-in-revocations';
import { NotifyPhotoListingChanges1764150000000 } from './1764150000000-notify-photo-listing-changes';
import { CreateAlbums1764160000000 } from './1764160000000-create-albums';
import { CreateShareLinks1764161000000 } from './1764161000000-create-share-links';
import { PhotoTimelineAndSearch1764170000000 } from './1764170000000-photo-timeline-and-search';
import { PhotoSearchByOwner1764180000000 } from './1764180000000-photo-search-by-owner';

/** Every migration, in order. Listed explicitly so the same list works from src (tests) and dist. */
export const MIGRATIONS = [
  CreateUserSessions1764130000000,
  CreatePhotos1764130100000,
  CreateRateLimitCounters1764130300000,
  KeepOriginals1764140000000,
  CreateSignInRevocations1764141000000,
  NotifyPhotoListingChanges1764150000000,
  CreateAlbums1764160000000,
  CreateShareLinks1764161000000,
  PhotoTimelineAndSearch1764170000000,
  PhotoSearchByOwner1764180000000,
];
