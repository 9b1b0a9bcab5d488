/**
 * Shape rules shared by the environment parser, the seed users and the sign-up form. Each returns
 * a sentence describing the problem, or undefined when the value is fine.
 */

export { USER_POOL_ID_PATTERN } from '../../config/aws-identifiers';
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_+.~-]{1,128}$/;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;
const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{1,128}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const FORBIDDEN_CALLBACK_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:']);

export function usernameProblem(username: string): string | undefined {
  return USERNAME_PATTERN.test(username)
    ? undefined
    : 'Username must be 1 to 128 characters: letters, digits and . _ - @ +';
}

export function emailProblem(email: string): string | undefined {
  return email.length <= 254 && EMAIL_PATTERN.test(email)
    ? undefined
    : 'Email must be an address like name@example.com';
}

export function nicknameProblem(nickname: string): string | undefined {
  const trimmed = nickname.trim();
  return trimmed.length >= 1 && trimmed.length <= 100 && !CONTROL_CHARACTERS.test(trimmed)
    ? undefined
    : 'Nickname must be 1 to 100 characters';
}

export function passwordProblem(password: string): string | undefined {
  return password.length >= MIN_PASSWORD_LENGTH && password.length <= MAX_PASSWORD_LENGTH
    ? undefined
    : `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
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
