import { Inject, Injectable } from '@nestjs/common';
import { checkAuthorizeRequest } from '../oauth/authorize-request';
import { ClientRegistry } from '../oauth/client-registry';
import type { RequestParams } from '../oauth/request-params';
import type { AuthorizeRequest } from '../oauth/authorize-request';
import { UserPools } from '../pools/user-pools';
import {
  TEMPORARY_PASSWORD_EXPIRED_MESSAGE,
  passwordPolicyProblem,
  temporaryPasswordExpired,
} from '../pools/password-policy';
import { LOCAL_COGNITO_CLOCK } from '../local-cognito.constants';
import type { Clock } from '../support/clock';
import type { UserPool } from '../pools/user-pool';
import { AuthChallenges } from '../users/auth-challenges';
import type { LocalCognitoUser } from '../users/user.store';
import type { CsrfState } from './csrf-state';
import { CSRF_FIELD, FORM_EXPIRED_MESSAGE, formField } from './form-fields';
import { redirectTo, type HostedOutcome } from './hosted-outcome';
import { loginPage, newPasswordPage } from './pages';
import { PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE, PasswordAttempts } from './password-attempts';
import { SignInService } from './sign-in.service';

export const WRONG_CREDENTIALS_MESSAGE = 'Incorrect username or password.';
/** Cognito's words for a disabled user, on the hosted page as in the API. */
export const USER_DISABLED_MESSAGE = 'User is disabled.';
export const USER_NOT_CONFIRMED_MESSAGE = 'User is not confirmed.';
export const PASSWORD_RESET_REQUIRED_MESSAGE = 'Password reset required for the user';

/** GET and POST /login: the sign-in form, for the authorize request in its query string. */
@Injectable()
export class LoginService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly pools: UserPools,
    private readonly signInService: SignInService,
    private readonly attempts: PasswordAttempts,
    private readonly challenges: AuthChallenges,
    @Inject(LOCAL_COGNITO_CLOCK) private readonly clock: Clock,
  ) {}

  showForm(params: RequestParams, rawQuery: string, csrfToken: string): HostedOutcome {
    const check = checkAuthorizeRequest(params, rawQuery, this.clients);
    if (!check.valid) return redirectTo(check.location);
    const loginHint = typeof params.login_hint === 'string' ? params.login_hint : undefined;
    return loginPage(check.request, csrfToken, { status: 200, username: loginHint });
  }

  /** A wrong username or password shows the form again (400) and issues no code. */
  async signIn(
    params: RequestParams,
    rawQuery: string,
    form: Record<string, unknown> | undefined,
    csrf: CsrfState,
    clientAddress = 'unknown',
  ): Promise<HostedOutcome> {
    const check = checkAuthorizeRequest(params, rawQuery, this.clients);
    if (!check.valid) return redirectTo(check.location);
    const username = formField(form, 'username')?.trim() ?? '';
    const password = formField(form, 'password') ?? '';
    if (!csrf.valid(formField(form, CSRF_FIELD))) {
      return loginPage(check.request, csrf.token, {
        status: 403,
        message: FORM_EXPIRED_MESSAGE,
        username,
      });
    }
    const pool = this.poolOf(check.request);
    const challenge = formField(form, 'challenge');
    if (challenge !== undefined)
      return this.changePassword(check.request, pool, challenge, form, csrf);
    // Checked before the password: while locked, even the right password is refused, as Cognito does.
    if (username && this.attempts.locked(username, clientAddress))
      return loginPage(check.request, csrf.token, {
        status: 400,
        message: PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE,
        username,
      });
    const user =
      username && password ? await pool.users.authenticate(username, password) : undefined;
    if (!user) {
      if (username && password) this.attempts.recordFailure(username, clientAddress);
      return loginPage(check.request, csrf.token, {
        status: 400,
        message: WRONG_CREDENTIALS_MESSAGE,
        credentialsRefused: true,
        username,
      });
    }
    this.attempts.recordSuccess(username, clientAddress);
    return this.afterPassword(pool, check.request, user, csrf.token);
  }

  /** A right password: in, unless the user is disabled or must first choose a new password. */
  private afterPassword(
    pool: UserPool,
    request: AuthorizeRequest,
    user: LocalCognitoUser,
    csrfToken: string,
  ): HostedOutcome {
    const refuse = (message: string) =>
      loginPage(request, csrfToken, { status: 400, message, username: user.username });
    if (!user.enabled) return refuse(USER_DISABLED_MESSAGE);
    if (user.status === 'UNCONFIRMED') return refuse(USER_NOT_CONFIRMED_MESSAGE);
    if (user.status === 'RESET_REQUIRED') return refuse(PASSWORD_RESET_REQUIRED_MESSAGE);
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      if (temporaryPasswordExpired(pool.record, user.passwordSetAt, this.clock.now()))
        return refuse(TEMPORARY_PASSWORD_EXPIRED_MESSAGE);
      const challenge = this.challenges.issue({
        name: 'NEW_PASSWORD_REQUIRED',
        poolId: request.client.poolId,
        clientId: request.client.clientId,
        username: user.username,
      });
      return newPasswordPage(request, csrfToken, {
        status: 200,
        challenge,
        username: user.username,
      });
    }
    return this.signInService.signIn(request, user);
  }

  /** The new-password form of a user made with a temporary password (FORCE_CHANGE_PASSWORD). */
  private async changePassword(
    request: AuthorizeRequest,
    pool: UserPool,
    session: string,
    form: Record<string, unknown> | undefined,
    csrf: CsrfState,
  ): Promise<HostedOutcome> {
    const challenge = this.challenges.take(session);
    if (!challenge || challenge.clientId !== request.client.clientId)
      return loginPage(request, csrf.token, { status: 400, message: FORM_EXPIRED_MESSAGE });
    const newPassword = formField(form, 'new_password') ?? '';
    const problem = passwordPolicyProblem(pool.record, newPassword);
    if (problem !== undefined) {
      const again = this.challenges.issue(challenge);
      return newPasswordPage(request, csrf.token, {
        status: 400,
        challenge: again,
        username: challenge.username,
        message: problem,
      });
    }
    const user = pool.users.findByUsername(challenge.username);
    if (!user?.enabled || user.status !== 'FORCE_CHANGE_PASSWORD')
      return loginPage(request, csrf.token, { status: 400, message: FORM_EXPIRED_MESSAGE });
    await pool.users.setPassword(user.username, newPassword, 'CONFIRMED');
    return this.signInService.signIn(request, { ...user, status: 'CONFIRMED' });
  }

  private poolOf(request: AuthorizeRequest): UserPool {
    const pool = this.pools.find(request.client.poolId);
    if (!pool) throw new Error(`The pool of client ${request.client.clientId} is gone`);
    return pool;
  }
}
