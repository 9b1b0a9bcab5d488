import type { LocalCognitoUser } from '../../users/user.store';
import { CognitoApiError } from '../api-error';
import { matchesFilter, parseUserFilter } from './list-users.action';

const user: LocalCognitoUser = {
  sub: '5f0c1a2e-0000-4000-8000-000000000001',
  username: 'ann.lee',
  email: 'ann@example.com',
  emailVerified: true,
  nickname: '',
  groups: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  passwordSetAt: '2026-01-01T00:00:00.000Z',
  status: 'CONFIRMED',
  enabled: false,
  attributes: { given_name: 'Ann "Annie"' },
};

describe('ListUsers Filter', () => {
  it('reads Cognito’s two operators, spaces optional, and escaped quotes', () => {
    expect(parseUserFilter('email = "ann@example.com"')).toEqual({
      attribute: 'email',
      prefix: false,
      value: 'ann@example.com',
    });
    expect(parseUserFilter('username^="ann"')).toEqual({
      attribute: 'username',
      prefix: true,
      value: 'ann',
    });
    expect(parseUserFilter('given_name = "Ann \\"Annie\\""')?.value).toBe('Ann "Annie"');
    expect(parseUserFilter('  ')).toBeUndefined();
  });

  it('refuses other syntax and attributes Cognito does not search', () => {
    for (const filter of [
      'email = ann',
      'email != "x"',
      'nickname = "x"',
      'email = "a" and sub = "b"',
    ])
      expect(() => parseUserFilter(filter)).toThrow(CognitoApiError);
  });

  it('matches exactly or by prefix, on status and cognito:user_status too', () => {
    const matches = (filter: string) => matchesFilter(user, parseUserFilter(filter));
    expect(matches('username = "ann.lee"')).toBe(true);
    expect(matches('username = "ann"')).toBe(false);
    expect(matches('username ^= "ann"')).toBe(true);
    expect(matches('status = "Disabled"')).toBe(true);
    expect(matches('cognito:user_status = "CONFIRMED"')).toBe(true);
    expect(matches('family_name ^= ""')).toBe(false);
  });
});
