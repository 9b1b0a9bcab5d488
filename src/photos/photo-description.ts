import { PhotoInputError } from './photo-errors';
import { MAX_DESCRIPTION_LENGTH } from './photo-rules';

/**
 * Control characters other than tab and newline: invisible, and NUL cannot be stored in a
 * PostgreSQL text column at all.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * The description as it is stored: trimmed, CRLF line ends folded to LF (browsers send CRLF but
 * count LF when enforcing `maxlength`), control characters dropped. Its length is counted in
 * characters (code points), as PostgreSQL's `char_length` in the table's CHECK counts them.
 */
export function normaliseDescription(input: unknown, max = MAX_DESCRIPTION_LENGTH): string {
  if (input === undefined || input === null) return '';
  if (typeof input !== 'string') throw PhotoInputError.descriptionInvalid();
  const text = input.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').trim();
  if ([...text].length > max) throw PhotoInputError.descriptionTooLong(max);
  return text;
}
