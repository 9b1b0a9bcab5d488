/** Who is making a request, from the session (pages) or from a verified access token (API). */
export interface AuthenticatedUser {
  /** Cognito `sub`: stable, the owner key of every photo. */
  sub: string;
  username: string;
  nickname?: string;
  email?: string;
  groups: string[];
  /** Only for API callers: the scopes of their access token. */
  scopes?: string[];
}

/** How pages name a person: the nickname they chose, else their username, else their email. */
export function displayName(
  user: Pick<AuthenticatedUser, 'nickname' | 'username' | 'email'>,
): string {
  return user.nickname?.trim() || user.username || user.email || '';
}
