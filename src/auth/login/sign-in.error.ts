import { HttpException, HttpStatus } from '@nestjs/common';

/** The error codes an authorization response may carry (RFC 6749 §4.1.2.1); others are "other". */
const AUTHORIZE_ERRORS = new Set([
  'invalid_request',
  'unauthorized_client',
  'access_denied',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
]);
/** Of a detail that carries text from a response (a token endpoint's code), at most this much. */
const MAX_DETAIL_LENGTH = 200;

/** A detail as it may be logged: printable ASCII only (no line of its own), and short. */
function loggable(detail: string): string {
  return detail.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_DETAIL_LENGTH);
}

/**
 * A sign-in that cannot complete. Rendered as an error page with a "Try again" link;
 * `detail` goes to the log only.
 */
export class SignInError extends HttpException {
  readonly detail: string;

  /** `detail` is for the log: it is made safe to log here (no line breaks, bounded length). */
  constructor(
    status: HttpStatus,
    readonly userMessage: string,
    detail: string,
  ) {
    super(userMessage, status);
    this.detail = loggable(detail);
  }

  static invalidState(): SignInError {
    return new SignInError(
      HttpStatus.BAD_REQUEST,
      'This sign-in link is no longer valid: it has expired, was already used, or was started in another browser.',
      'missing, unknown or replayed state',
    );
  }

  /**
   * The person cancelled, or Cognito refused. Its error_description is not logged: anyone can
   * put any text in a callback URL (their own state makes it reach the handler).
   */
  static denied(): SignInError {
    return new SignInError(
      HttpStatus.FORBIDDEN,
      'Sign-in was cancelled or refused.',
      'authorize error=access_denied',
    );
  }

  /** An authorization error code; one outside RFC 6749's list is logged as "other". */
  static providerError(received: string): SignInError {
    const code = AUTHORIZE_ERRORS.has(received) ? received : 'other';
    const status =
      code === 'server_error' || code === 'temporarily_unavailable'
        ? HttpStatus.BAD_GATEWAY
        : HttpStatus.BAD_REQUEST;
    return new SignInError(
      status,
      'The sign-in service reported an error.',
      `authorize error=${code}`,
    );
  }

  static missingCode(): SignInError {
    return new SignInError(
      HttpStatus.BAD_REQUEST,
      'The sign-in response was incomplete.',
      'no code',
    );
  }

  static exchangeFailed(code: string, unavailable: boolean): SignInError {
    return unavailable
      ? new SignInError(
          HttpStatus.BAD_GATEWAY,
          'The sign-in service could not be reached.',
          `token endpoint ${code}`,
        )
      : new SignInError(
          HttpStatus.BAD_REQUEST,
          'The sign-in could not be completed.',
          `token endpoint ${code}`,
        );
  }

  static keysUnavailable(reason: string): SignInError {
    return new SignInError(
      HttpStatus.SERVICE_UNAVAILABLE,
      'The sign-in could not be checked right now. Please try again in a moment.',
      reason,
    );
  }

  static invalidToken(reason: string): SignInError {
    return new SignInError(
      HttpStatus.UNAUTHORIZED,
      'The sign-in could not be verified.',
      `token rejected: ${reason}`,
    );
  }
}
