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
