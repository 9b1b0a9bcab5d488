import type { AuthorizeRequest } from '../oauth/authorize-request';
import {
  MAX_NICKNAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_USERNAME_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_RULE,
  USERNAME_RULE,
} from '../support/validation';
import { type AppClient, appHomeUrl } from '../oauth/client-registry';
import type { PageOutcome } from './hosted-outcome';

/** A problem with the submitted form, tied to the field it is about (none: the whole form). */
export interface FieldProblem {
  field?: 'username' | 'email' | 'nickname' | 'password';
  message: string;
}

/** What a field needs to name its rule and its error: the ids for aria-describedby, aria-invalid. */
interface FieldState {
  hint?: string;
  error?: string;
  invalid: boolean;
  describedBy?: string;
}

function fieldState(
  name: string,
  hint: string | undefined,
  error: string | undefined,
  errorId = `${name}-error`,
): FieldState {
  const ids = [hint && `${name}-hint`, error && errorId].filter(Boolean);
  return {
    hint,
    error,
    invalid: error !== undefined,
    describedBy: ids.length > 0 ? ids.join(' ') : undefined,
  };
}

/** The same constants the server validates with, so the hints can never disagree with it. */
const LIMITS = {
  usernameMax: MAX_USERNAME_LENGTH,
  nicknameMax: MAX_NICKNAME_LENGTH,
  passwordMin: MIN_PASSWORD_LENGTH,
  passwordMax: MAX_PASSWORD_LENGTH,
};

/** The hosted pages carry the authorize parameters in their own query string, byte for byte. */
function hostedHref(path: '/login' | '/signup', request: AuthorizeRequest): string {
  return `${path}?${request.rawQuery}`;
}

/** The app client's name and its registered home, for the heading and the "Back to …" link. */
function appLink(request: AuthorizeRequest): { appName: string; appHref: string | undefined } {
  return { appName: request.client.clientName, appHref: appHomeUrl(request.client) };
}

export function loginPage(
  request: AuthorizeRequest,
  csrfToken: string,
  options: { status: number; message?: string; username?: string; credentialsRefused?: boolean },
): PageOutcome {
  // A refused sign-in may be either field's fault (and must not say which): both point at it.
  const error = options.credentialsRefused ? options.message : undefined;
  return {
    kind: 'page',
    status: options.status,
    view: 'login',
    model: {
      pageTitle: `Sign in to ${request.client.clientName}`,
      ...appLink(request),
      formAction: hostedHref('/login', request),
      signUpHref: hostedHref('/signup', request),
      csrfToken,
      username: options.username ?? '',
      message: options.message,
      limits: LIMITS,
      fields: {
        username: fieldState('username', USERNAME_RULE, error, 'form-error'),
        password: fieldState('password', PASSWORD_RULE, error, 'form-error'),
      },
    },
  };
}

/** The form a user with a temporary password gets after signing in with it. */
export function newPasswordPage(
  request: AuthorizeRequest,
  csrfToken: string,
  options: { status: number; challenge: string; username: string; message?: string },
): PageOutcome {
  return {
    kind: 'page',
    status: options.status,
    view: 'new-password',
    model: {
      pageTitle: 'Change password',
      ...appLink(request),
      formAction: hostedHref('/login', request),
      csrfToken,
      challenge: options.challenge,
      username: options.username,
      message: options.message,
      passwordRule: PASSWORD_RULE,
      limits: LIMITS,
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
  options: { status: number; problems?: FieldProblem[]; values?: SignUpValues },
): PageOutcome {
  const problems = options.problems ?? [];
  const errorOf = (field: FieldProblem['field']) =>
    problems.find((problem) => problem.field === field)?.message;
  return {
    kind: 'page',
    status: options.status,
    view: 'signup',
    model: {
      pageTitle: `Sign up for ${request.client.clientName}`,
      ...appLink(request),
      formAction: hostedHref('/signup', request),
      signInHref: hostedHref('/login', request),
      csrfToken,
      values: options.values ?? { username: '', email: '', nickname: '' },
      problems,
      limits: LIMITS,
      fields: {
        username: fieldState('username', USERNAME_RULE, errorOf('username')),
        email: fieldState('email', undefined, errorOf('email')),
        nickname: fieldState('nickname', undefined, errorOf('nickname')),
        password: fieldState('password', PASSWORD_RULE, errorOf('password')),
      },
    },
  };
}

const ERROR_EXPLANATIONS: Record<string, string> = {
  redirect_mismatch: 'The redirect URI is not registered for this app client.',
  invalid_client: 'The app client does not exist in this user pool.',
  invalid_request: 'The request is missing a required parameter or is malformed.',
};

/**
 * Cognito's own error page: the browser stays here rather than going back to an unverified app.
 * The way back ("Back to {app}") is only ever the registered home of a client this pool knows
 * (`client`, looked up by id), never a redirect_uri or anything else the request carried.
 */
export function errorPage(
  error: string | undefined,
  clientId: string | undefined,
  client?: AppClient,
): PageOutcome {
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
      ...(client && { appName: client.clientName, appHref: appHomeUrl(client) }),
    },
  };
}
