import { DEFAULT_PASSWORD_POLICY, passwordPolicyProblem } from './password-policy';
import type { PoolRecord } from './pool-records';

const pool = (PasswordPolicy = DEFAULT_PASSWORD_POLICY): PoolRecord => ({
  Id: 'eu-west-1_Test00000',
  Name: 'Test',
  Policies: { PasswordPolicy },
});

describe('passwordPolicyProblem', () => {
  it('names the first rule a password breaks, in Cognito’s words', () => {
    expect(passwordPolicyProblem(pool(), 'Sh0rt!')).toBe(
      'Password does not conform to policy: Password not long enough',
    );
    expect(passwordPolicyProblem(pool(), 'alllower1!')).toContain('uppercase');
    expect(passwordPolicyProblem(pool(), 'ALLUPPER1!')).toContain('lowercase');
    expect(passwordPolicyProblem(pool(), 'NoDigits!!')).toContain('numeric');
    expect(passwordPolicyProblem(pool(), 'NoSymbols12')).toContain('symbol');
    expect(passwordPolicyProblem(pool(), 'Fine!Passw0rd')).toBeUndefined();
  });

  it('asks only what the pool’s policy asks', () => {
    const lenient = pool({ MinimumLength: 6, RequireSymbols: false, RequireUppercase: false });
    expect(passwordPolicyProblem(lenient, 'simple')).toBeUndefined();
  });
});
