/** The `error` codes Cognito's token and revocation endpoints answer with (docs/COGNITO.md §3, §5). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_token_type';

/** A refusal the client should see as `{"error": code}` with the given status. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly status = 400,
  ) {
    super(error);
    this.name = 'OAuthError';
  }
}
