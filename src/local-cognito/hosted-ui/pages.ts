import type { AuthorizeRequest } from '../oauth/authorize-request';
import type { PageOutcome } from './hosted-outcome';

/** The hosted pages carry the authorize parameters in their own query string, byte for byte. */
function hostedHref(path: '/login' | '/signup', request: AuthorizeRequest): string {
  return `${path}?${request.rawQuery}`;
}

export function loginPage(
  request: AuthorizeRequest,
  csrfToken: string,
  options: { status: number; message?: string; username?: string },
): PageOutcome {
  return {
    kind: 'page',
    status: options.status,
    view: 'login',
    model: {
      pageTitle: 'Sign in',
      formAction: hostedHref('/login', request),
      signUpHref: hostedHref('/signup', request),
      csrfToken,
      username: options.username ?? '',
      message: options.message,
    },
  };
}

export interface SignUpValues {
  username: string;
  email: string;
  nickname: string;
}

export function signUpPage(
  request: AuthorizeRequest,
  csrfToken: string,
  options: { status: number; problems?: string[]; values?: SignUpValues },
): PageOutcome {
  return {
    kind: 'page',
    status: options.status,
    view: 'signup',
    model: {
      pageTitle: 'Sign up',
      formAction: hostedHref('/signup', request),
      signInHref: hostedHref('/login', request),
      csrfToken,
      values: options.values ?? { username: '', email: '', nickname: '' },
      problems: options.problems ?? [],
    },
  };
}

const ERROR_EXPLANATIONS: Record<string, string> = {
  redirect_mismatch: 'The redirect URI is not registered for this app client.',
  invalid_client: 'The app client does not exist in this user pool.',
  invalid_request: 'The request is missing a required parameter or is malformed.',
};

/** Cognito's own error page: the browser stays here rather than going back to an unverified app. */
export function errorPage(error: string | undefined, clientId: string | undefined): PageOutcome {
  const code = error ?? 'invalid_request';
  return {
    kind: 'page',
    status: 400,
    view: 'error',
    model: {
      pageTitle: 'Error',
      error: code,
      explanation: ERROR_EXPLANATIONS[code] ?? 'The request could not be completed.',
      clientId,
    },
  };
}
