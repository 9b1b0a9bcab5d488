import { BadRequestException } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { descriptionEdit, gridQuery, listQuery, uploadFields } from './photo-input';
import { DEFAULT_PAGE_SIZE, MAX_DESCRIPTION_LENGTH, MAX_PAGE_SIZE, RULE_TEXT } from './photo-rules';

/** What the client is told when the pipe refuses `value` (undefined: it was accepted). */
function refusal(pipe: ZodValidationPipe<never>, value: unknown): string | undefined {
  try {
    pipe.transform(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return error.message;
  }
}

describe('photo input at the edge', () => {
  const list = new ZodValidationPipe(listQuery);

  it('reads ?limit= as a whole number from 1 to the largest page, the default when absent', () => {
    expect(list.transform({})).toEqual({
      limit: DEFAULT_PAGE_SIZE,
      cursor: undefined,
      sort: 'taken',
      filter: undefined,
    });
    expect(list.transform({ limit: '' }).limit).toBe(DEFAULT_PAGE_SIZE);
    expect(list.transform({ limit: '1' }).limit).toBe(1);
    expect(list.transform({ limit: String(MAX_PAGE_SIZE) }).limit).toBe(MAX_PAGE_SIZE);
  });

  it.each(['0', String(MAX_PAGE_SIZE + 1), '-1', 'ten', '1.5', '0x10', '1e2'])(
    'refuses limit=%s with the rule as the message',
    (limit) => {
      expect(refusal(list as ZodValidationPipe<never>, { limit })).toBe(RULE_TEXT.badLimit);
    },
  );

  it('refuses a repeated limit or cursor (an array), and takes an empty cursor as none', () => {
    expect(refusal(list as ZodValidationPipe<never>, { limit: ['1', '2'] })).toBe(
      RULE_TEXT.badLimit,
    );
    const grid = new ZodValidationPipe(gridQuery) as ZodValidationPipe<never>;
    expect(refusal(grid, { cursor: ['a', 'b'] })).toBe(RULE_TEXT.badCursor);
    expect(new ZodValidationPipe(gridQuery).transform({ cursor: '' })).toEqual({});
  });

  it('gives the upload a normalised description, empty when the form has none', () => {
    const upload = new ZodValidationPipe(uploadFields);
    expect(upload.transform({ description: '  Coffee\r\n ', _csrf: 'x' })).toEqual({
      description: 'Coffee',
    });
    expect(upload.transform({})).toEqual({ description: '' });
    expect(upload.transform(undefined)).toEqual({ description: '' });
    expect(refusal(upload as ZodValidationPipe<never>, { description: ['a', 'b'] })).toBe(
      RULE_TEXT.descriptionInvalid,
    );
    expect(
      refusal(upload as ZodValidationPipe<never>, {
        description: 'a'.repeat(MAX_DESCRIPTION_LENGTH + 1),
      }),
    ).toBe(RULE_TEXT.descriptionTooLong());
  });

  it('wants an edit to say what the description becomes (no field is not "clear it")', () => {
    const edit = new ZodValidationPipe(descriptionEdit) as ZodValidationPipe<never>;
    expect(new ZodValidationPipe(descriptionEdit).transform({ description: ' x ' })).toEqual({
      description: 'x',
    });
    for (const body of [undefined, {}, { description: 42 }, { description: null }, []]) {
      expect(refusal(edit, body)).toBe(RULE_TEXT.descriptionInvalid);
    }
  });
});
