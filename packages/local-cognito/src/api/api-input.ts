import { invalidParameter, missingMember } from './api-error';

/**
 * Run-time checks of the fields a handler relies on. The body is typed with the SDK's `…Request`
 * shapes, but it comes off the wire, so every field a handler uses is checked before it is used.
 * `name` is the member as AWS's validation messages spell it (lower camel case).
 */
export function requiredString(value: unknown, name: string): string {
  if (value === undefined || value === null || value === '') throw missingMember(name);
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string`);
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string`);
  return value;
}

export function optionalStrings(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    throw invalidParameter(`${name} must be a list of strings`);
  return value;
}

export function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${name} must be true or false`);
  return value;
}

export function optionalInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidParameter(
      `1 validation error detected: Value '${JSON.stringify(value)}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  return value;
}

/** A name-value list (`UserAttributes`, `AuthParameters` as pairs) as a plain record. */
export function attributeList(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const list = value as { Name?: unknown; Value?: unknown }[];
  if (!Array.isArray(list) || !list.every((item) => typeof item?.Name === 'string'))
    throw invalidParameter(`${name} must be a list of { Name, Value }`);
  return Object.fromEntries(
    list.map((item) => [item.Name as string, typeof item.Value === 'string' ? item.Value : '']),
  );
}

/** A string map (`AuthParameters`, `ChallengeResponses`). */
export function stringMap(value: unknown, name: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidParameter(`${name} must be a map of strings`);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** One page of a list, with Cognito's opaque NextToken/PaginationToken (here: the offset). */
export function page<T>(
  items: T[],
  limit: number,
  token: string | undefined,
  tokenName: string,
): { items: T[]; next: string | undefined } {
  let start = 0;
  if (token !== undefined) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    start = /^\d+$/.test(decoded) ? Number(decoded) : NaN;
    if (!Number.isInteger(start) || start > items.length)
      throw invalidParameter(`Invalid ${tokenName}`);
  }
  const end = start + limit;
  return {
    items: items.slice(start, end),
    next: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  };
}
