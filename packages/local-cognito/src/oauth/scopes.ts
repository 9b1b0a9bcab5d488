/** The scopes Cognito knows for every app client (custom resource-server scopes aside). */
export const STANDARD_SCOPES = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];
/** The scopes the discovery document lists (Cognito leaves aws.cognito.signin.user.admin out). */
export const ADVERTISED_SCOPES = ['openid', 'email', 'phone', 'profile'];
const SCOPES_NEEDING_OPENID = ['email', 'phone', 'profile'];

/**
 * The scopes granted for a request: all the client's scopes when none are asked for, otherwise
 * exactly those asked (deduplicated, in order). Undefined means `invalid_scope`: an unknown or
 * disallowed scope, or email/phone/profile without openid.
 */
export function grantedScopes(
  requested: string | undefined,
  allowed: readonly string[],
): string[] | undefined {
  if (requested === undefined || requested.trim() === '') return [...allowed];
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  if (scopes.some((scope) => !allowed.includes(scope))) return undefined;
  if (scopes.some((scope) => SCOPES_NEEDING_OPENID.includes(scope)) && !scopes.includes('openid'))
    return undefined;
  return scopes;
}
