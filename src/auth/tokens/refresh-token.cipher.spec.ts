import { SessionConfig } from '../../config/config-slices';
import { RefreshTokenCipher } from './refresh-token.cipher';

// The cipher reads only the secret of its session slice.
const cipherWith = (secret: string, previousSecret?: string) =>
  new RefreshTokenCipher({ secret, previousSecret } as SessionConfig);

describe('RefreshTokenCipher', () => {
  const cipher = cipherWith('a'.repeat(40));

  it('round-trips and never stores the token in clear', () => {
    const sealed = cipher.encrypt('refresh-token-value');
    expect(sealed).not.toContain('refresh-token-value');
    expect(cipher.decrypt(sealed)).toBe('refresh-token-value');
    expect(cipher.encrypt('refresh-token-value')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses a tampered ciphertext', () => {
    const [v, iv, tag, body] = cipher.encrypt('refresh-token-value').split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('refuses a ciphertext whose tag was cut short (a 4-byte tag is 2^32 guesses from a forgery)', () => {
    const [v, iv, tag, body] = cipher.encrypt('refresh-token-value').split('.');
    const short = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt([v, iv, short, body].join('.'))).toThrow();
  });

  it('refuses a ciphertext made with another secret', () => {
    expect(() => cipherWith('b'.repeat(40)).decrypt(cipher.encrypt('x'))).toThrow();
  });

  it('after a rotation, still opens what the previous secret sealed, and seals with the new one', () => {
    const rotated = cipherWith('b'.repeat(40), 'a'.repeat(40));
    expect(rotated.decrypt(cipher.encrypt('before-rotation'))).toBe('before-rotation');
    expect(() => cipher.decrypt(rotated.encrypt('after-rotation'))).toThrow();
    expect(() => cipherWith('c'.repeat(40), 'b'.repeat(40)).decrypt(cipher.encrypt('x'))).toThrow();
  });
});
