import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A sign-in that cannot complete. Rendered as an error page with a "Try again" link;
 * `detail` goes to the log only.
 */
export class SignInError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly userMessage: string,
    readonly detail: string,
  ) {
    super(userMessage, status);
  }

  static invalidState(): SignInError {
    return new SignInError(
      HttpStatus.BAD_REQUEST,
      'This sign-in link is no longer valid: it has expired, was already used, or was started in another browser.',
      'missing, unknown or replayed state',
    );
  }

  static denied(description: string | undefined): SignInError {
    return new SignInError(
      HttpStatus.FORBIDDEN,
      'Sign-in was cancelled or refused.',
      `access_denied ${description ?? ''}`,
    );
  }

  static providerError(code: string): SignInError {
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
