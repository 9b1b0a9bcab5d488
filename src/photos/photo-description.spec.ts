import { normaliseDescription } from './photo-description';
import { PhotoInputError } from './photo-errors';
import { MAX_DESCRIPTION_LENGTH } from './photo-rules';

const problemOf = (input: unknown): string | undefined => {
  try {
    normaliseDescription(input);
    return undefined;
  } catch (error) {
    return error instanceof PhotoInputError ? error.problem : 'other';
  }
};

describe('normaliseDescription', () => {
  it('trims surrounding white space and keeps the text otherwise as typed', () => {
    expect(normaliseDescription('  Coffee at <b>dawn</b> \n')).toBe('Coffee at <b>dawn</b>');
  });

  it('treats a missing description as empty', () => {
    expect(normaliseDescription(undefined)).toBe('');
    expect(normaliseDescription('   ')).toBe('');
  });

  it('accepts exactly the maximum number of characters', () => {
    expect(normaliseDescription('a'.repeat(MAX_DESCRIPTION_LENGTH))).toHaveLength(
      MAX_DESCRIPTION_LENGTH,
    );
  });

  it('refuses one character more, with a reason naming the limit', () => {
    expect(() => normaliseDescription('a'.repeat(MAX_DESCRIPTION_LENGTH + 1))).toThrow(
      /at most 2000 characters/,
    );
    expect(problemOf('a'.repeat(MAX_DESCRIPTION_LENGTH + 1))).toBe('description-too-long');
  });

  it('counts characters, not UTF-16 units: 2000 emoji fit', () => {
    expect(problemOf('📷'.repeat(MAX_DESCRIPTION_LENGTH))).toBeUndefined();
    expect(problemOf('📷'.repeat(MAX_DESCRIPTION_LENGTH + 1))).toBe('description-too-long');
  });

  it('counts a browser-sent CRLF as one character, as the textarea did', () => {
    const typed = `${'a'.repeat(999)}\r\n${'b'.repeat(1000)}`;
    expect(normaliseDescription(typed)).toBe(`${'a'.repeat(999)}\n${'b'.repeat(1000)}`);
  });

  it('drops control characters PostgreSQL cannot store or nobody can see', () => {
    expect(normaliseDescription('a\u0000b\u0007c\td')).toBe('abc\td');
  });

  it('refuses anything but a single string (a repeated form field arrives as an array)', () => {
    expect(problemOf(['one', 'two'])).toBe('description-invalid');
    expect(problemOf({ text: 'x' })).toBe('description-invalid');
  });
});
