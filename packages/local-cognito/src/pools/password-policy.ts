import type { PasswordPolicyType } from '@aws-sdk/client-cognito-identity-provider';
import { MAX_PASSWORD_LENGTH } from '../support/validation';
import type { PoolRecord } from './pool-records';

/** What CreateUserPool sets when Policies is left out (Cognito's default policy). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicyType = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

/** Cognito's special characters for RequireSymbols. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

/**
 * Why a password breaks the pool's policy, in Cognito's words ("Password does not conform to
 * policy: …"), or undefined when it is fine.
 */
export function passwordPolicyProblem(pool: PoolRecord, password: string): string | undefined {
  const policy = pool.Policies?.PasswordPolicy ?? {};
  const rules: [boolean, string][] = [
    [password.length >= (policy.MinimumLength ?? 8), 'Password not long enough'],
    [password.length <= MAX_PASSWORD_LENGTH, 'Password too long'],
    [!policy.RequireUppercase || /[A-Z]/.test(password), 'Password must have uppercase characters'],
    [!policy.RequireLowercase || /[a-z]/.test(password), 'Password must have lowercase characters'],
    [!policy.RequireNumbers || /[0-9]/.test(password), 'Password must have numeric characters'],
    [!policy.RequireSymbols || SYMBOLS.test(password), 'Password must have symbol characters'],
  ];
  const broken = rules.find(([ok]) => !ok);
  return broken && `Password does not conform to policy: ${broken[1]}`;
}

/** Cognito's words when a temporary password is used after TemporaryPasswordValidityDays. */
export const TEMPORARY_PASSWORD_EXPIRED_MESSAGE =
  'Temporary password has expired and must be reset by an administrator.';

/**
 * Whether a temporary password set at `setAt` (ISO) has outlived the pool's
 * TemporaryPasswordValidityDays (seven by default).
 */
export function temporaryPasswordExpired(pool: PoolRecord, setAt: string, now: number): boolean {
  const days = pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7;
  return now - Date.parse(setAt) > days * 24 * 3600 * 1000;
}
