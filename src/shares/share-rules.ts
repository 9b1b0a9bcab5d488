/** The share-link rules' limits and wording, in one place for schemas, pages and API docs. */
export const MIN_SHARE_PASSWORD_LENGTH = 8;
export const MAX_SHARE_PASSWORD_LENGTH = 128;
/** Wrong passwords one client may try on one link in a minute before 429. */
export const MAX_UNLOCK_ATTEMPTS_PER_MINUTE = 10;
export const UNLOCK_WINDOW_MS = 60_000;
/** How long an unlocked link stays unlocked in one browser (less when the link ends sooner). */
export const UNLOCK_COOKIE_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** The longest a browser may keep a shared image, and the longest a presigned URL lives. */
export const SHARED_FILE_MAX_AGE_SECONDS = 300;
/** Photos a shared album's page shows at once. */
export const SHARED_PAGE_SIZE = 48;
/** The expiries the Share form offers, in days ("never": none). */
export const EXPIRY_CHOICES = ['never', '1', '7', '30'] as const;

export const SHARE_TEXT = {
  notAvailable: 'This link is not available.',
  notAvailableTitle: 'This link is not available',
  locked: 'This link is protected by a password.',
  wrongPassword: 'That password is not right.',
  hashingBusy:
    'Too many people are trying passwords on shared links right now. Try again in a moment.',
  tooManyAttempts: 'Too many wrong passwords. Please wait a minute before trying again.',
  targetInvalid: 'Share either one photo ("photoId") or one album ("albumId").',
  targetNotFound: 'There is no such photo or album.',
  expiryInPast: '"expiresAt" must be a time in the future.',
  expiryInvalid: '"expiresAt" must be an ISO 8601 date and time, e.g. 2030-01-31T12:00:00Z.',
  passwordLength: `A password must have ${MIN_SHARE_PASSWORD_LENGTH} to ${MAX_SHARE_PASSWORD_LENGTH} characters.`,
  allowDownloadInvalid: '"allowDownload" must be true or false.',
  noSuchLink: 'There is no such link.',
} as const;
