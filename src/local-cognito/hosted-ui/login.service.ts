import { Injectable } from '@nestjs/common';
import { checkAuthorizeRequest } from '../oauth/authorize-request';
import { ClientRegistry } from '../oauth/client-registry';
import type { RequestParams } from '../oauth/request-params';
import { UserStore } from '../users/user.store';
import type { CsrfState } from './csrf-state';
import { CSRF_FIELD, FORM_EXPIRED_MESSAGE, formField } from './form-fields';
import { redirectTo, type HostedOutcome } from './hosted-outcome';
import { loginPage } from './pages';
import { PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE, PasswordAttempts } from './password-attempts';
import { SignInService } from './sign-in.service';

export const WRONG_CREDENTIALS_MESSAGE = 'Incorrect username or password.';

/** GET and POST /login: the sign-in form, for the authorize request in its query string. */
@Injectable()
export class LoginService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly users: UserStore,
    private readonly signInService: SignInService,
    private readonly attempts: PasswordAttempts,
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
    // Checked before the password: while locked, even the right password is refused, as Cognito does.
    if (username && this.attempts.locked(username, clientAddress))
      return loginPage(check.request, csrf.token, {
        status: 400,
        message: PASSWORD_ATTEMPTS_EXCEEDED_MESSAGE,
        username,
      });
    const user =
      username && password ? await this.users.authenticate(username, password) : undefined;
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
    return this.signInService.signIn(check.request, user);
  }
}
