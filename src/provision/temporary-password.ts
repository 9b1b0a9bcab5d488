import { randomInt } from 'node:crypto';
import type { PasswordPolicy } from './cognito-resources';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '^$*.[]{}()?!@#%&/,><:;|_~';

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)];

/**
 * A random temporary password the pool's policy accepts: at least 20 characters (or the policy's
 * minimum), with a lower-case letter, an upper-case letter, a digit (and a symbol when the policy
 * asks for one), shuffled. Look-alike characters
 * (l, 1, O, 0) are left out: a person types it once, from the terminal.
 */
export function temporaryPassword(policy: PasswordPolicy): string {
  // Letters of both cases and digits always: whatever else a policy asks, these satisfy it.
  const classes = [LOWER, UPPER, DIGITS, ...(policy.requireSymbols ? [SYMBOLS] : [])];
  const all = classes.join('');
  const length = Math.max(20, policy.minimumLength);
  const chars = classes.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
