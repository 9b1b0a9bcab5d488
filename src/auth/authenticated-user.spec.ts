import { displayName } from './authenticated-user';

describe('displayName', () => {
  it('is the nickname, else the username, else the email', () => {
    expect(displayName({ nickname: 'Zoë', username: 'zoe', email: 'z@example.com' })).toBe('Zoë');
    expect(displayName({ nickname: '  ', username: 'zoe', email: 'z@example.com' })).toBe('zoe');
    expect(displayName({ username: '', email: 'z@example.com' })).toBe('z@example.com');
  });
});
