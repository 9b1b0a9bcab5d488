import { Injectable } from '@nestjs/common';
import { checkAuthorizeRequest } from '../oauth/authorize-request';
import { ClientRegistry } from '../oauth/client-registry';
import type { RequestParams } from '../oauth/request-params';
import {
  emailProblem,
  nicknameProblem,
  passwordProblem,
  usernameProblem,
} from '../support/validation';
import { passwordPolicyProblem } from '../pools/password-policy';
import { UserPools } from '../pools/user-pools';
import { UsernameTakenError } from '../users/user.store';
import type { CsrfState } from './csrf-state';
import { CSRF_FIELD, FORM_EXPIRED_MESSAGE, formField } from './form-fields';
import { redirectTo, type HostedOutcome } from './hosted-outcome';
import { signUpPage, type FieldProblem, type SignUpValues } from './pages';
import { SignInService } from './sign-in.service';

export const USERNAME_TAKEN_MESSAGE = 'User already exists';
export const SIGN_UP_NOT_PERMITTED_MESSAGE = 'SignUp is not permitted for this user pool';

function problemsWith(values: SignUpValues, password: string): FieldProblem[] {
  const checks: FieldProblem[] = [
    { field: 'username', message: usernameProblem(values.username) ?? '' },
    { field: 'email', message: emailProblem(values.email) ?? '' },
    { field: 'nickname', message: nicknameProblem(values.nickname) ?? '' },
    { field: 'password', message: passwordProblem(password) ?? '' },
  ];
  return checks.filter((problem) => problem.message !== '');
}

/** GET and POST /signup: creates a user, then signs them in exactly as the sign-in form does. */
@Injectable()
export class SignUpService {
  constructor(
    private readonly clients: ClientRegistry,
    private readonly pools: UserPools,
    private readonly signInService: SignInService,
  ) {}

  showForm(params: RequestParams, rawQuery: string, csrfToken: string): HostedOutcome {
    const check = checkAuthorizeRequest(params, rawQuery, this.clients);
    return check.valid
      ? signUpPage(check.request, csrfToken, { status: 200 })
      : redirectTo(check.location);
  }

  async signUp(
    params: RequestParams,
    rawQuery: string,
    form: Record<string, unknown> | undefined,
    csrf: CsrfState,
  ): Promise<HostedOutcome> {
    const check = checkAuthorizeRequest(params, rawQuery, this.clients);
    if (!check.valid) return redirectTo(check.location);
    const values: SignUpValues = {
      username: formField(form, 'username')?.trim() ?? '',
      email: formField(form, 'email')?.trim() ?? '',
      nickname: formField(form, 'nickname')?.trim() ?? '',
    };
    const password = formField(form, 'password') ?? '';
    const refuse = (status: number, problems: FieldProblem[]) =>
      signUpPage(check.request, csrf.token, { status, problems, values });
    if (!csrf.valid(formField(form, CSRF_FIELD)))
      return refuse(403, [{ message: FORM_EXPIRED_MESSAGE }]);
    const pool = this.pools.find(check.request.client.poolId);
    if (!pool) throw new Error(`The pool of client ${check.request.client.clientId} is gone`);
    if (pool.record.AdminCreateUserConfig?.AllowAdminCreateUserOnly)
      return refuse(400, [{ message: SIGN_UP_NOT_PERMITTED_MESSAGE }]);
    const problems = problemsWith(values, password);
    // The pool's own policy (a pool made through the API may ask for more than eight characters).
    const policyProblem = passwordPolicyProblem(pool.record, password);
    if (problems.length === 0 && policyProblem !== undefined)
      problems.push({ field: 'password', message: policyProblem });
    if (problems.length > 0) return refuse(400, problems);
    try {
      const user = await pool.users.create({ ...values, password });
      return this.signInService.signIn(check.request, user);
    } catch (error) {
      if (error instanceof UsernameTakenError) {
        return refuse(400, [{ field: 'username', message: USERNAME_TAKEN_MESSAGE }]);
      }
      throw error;
    }
  }
}
