/** A text field of a submitted form; repeated or missing fields read as undefined. */
export function formField(
  form: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const value = form?.[name];
  return typeof value === 'string' ? value : undefined;
}

export const CSRF_FIELD = '_csrf';

export const FORM_EXPIRED_MESSAGE = 'This page has expired. Please try again.';
