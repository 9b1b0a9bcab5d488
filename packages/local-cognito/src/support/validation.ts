/**
 * Shape rules shared by the environment parser, the seed users and the sign-up form. Each returns
 * a sentence describing the problem, or undefined when the value is fine.
 */

/** A Cognito user pool id: REGION_SUFFIX, the shape aws-jwt-verify insists on (docs/COGNITO.md §0). */
export const USER_POOL_ID_PATTERN = /^[a-z]{2}-(gov-)?[a-z]+-\d_[a-zA-Z0-9]+$/;
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_+.~-]{1,128}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
export const MAX_USERNAME_LENGTH = 128;
export const MAX_NICKNAME_LENGTH = 100;
/** Symbols a username may hold besides letters and digits; '-' last so it stays literal in a class. */
const USERNAME_SYMBOLS = '._@+-';
const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9${USERNAME_SYMBOLS}]{1,${MAX_USERNAME_LENGTH}}$`);
/** The rules as the hosted forms show them up front; the problems below repeat the same words. */
export const USERNAME_RULE = `1 to ${MAX_USERNAME_LENGTH} characters: letters, digits and ${[...USERNAME_SYMBOLS].join(' ')}`;
export const PASSWORD_RULE = `At least ${MIN_PASSWORD_LENGTH} characters`;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const FORBIDDEN_CALLBACK_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

export function usernameProblem(username: string): string | undefined {
  return USERNAME_PATTERN.test(username) ? undefined : `Username must be ${USERNAME_RULE}`;
}

export function emailProblem(email: string): string | undefined {
  return email.length <= 254 && EMAIL_PATTERN.test(email)
    ? undefined
    : 'Email must be an address like name@example.com';
}

export function nicknameProblem(nickname: string): string | undefined {
  const trimmed = nickname.trim();
  return trimmed.length >= 1 &&
    trimmed.length <= MAX_NICKNAME_LENGTH &&
    !CONTROL_CHARACTERS.test(trimmed)
    ? undefined
    : `Nickname must be 1 to ${MAX_NICKNAME_LENGTH} characters`;
}

export function passwordProblem(password: string): string | undefined {
  return password.length >= MIN_PASSWORD_LENGTH && password.length <= MAX_PASSWORD_LENGTH
    ? undefined
    : `Password must be ${PASSWORD_RULE.toLowerCase()}`;
}

/**
 * Cognito's rule for callback and sign-out URLs: absolute, no fragment, HTTPS except for
 * http://localhost; custom app schemes (myapp://) are allowed.
 */
export function registeredUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an absolute URL`;
  }
  if (url.includes('#')) return `"${url}" must not contain a fragment`;
  if (FORBIDDEN_CALLBACK_SCHEMES.has(parsed.protocol)) return `"${url}" has a forbidden scheme`;
  if (parsed.protocol === 'http:' && parsed.hostname !== 'localhost') {
    return `"${url}" must use https (plain http is allowed only for localhost)`;
  }
  return undefined;
}
