/** Query strings and form bodies as Express parses them: values may be strings, arrays or missing. */
export type RequestParams = Record<string, unknown>;

/** A parameter sent more than once (or with a structured value), which OAuth treats as malformed. */
export class MalformedParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`Malformed parameter: ${parameter}`);
  }
}

/** The parameter's text; empty counts as absent, as Cognito treats `state=` like no state. */
export function readParam(params: RequestParams | undefined, name: string): string | undefined {
  const value = params?.[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new MalformedParameterError(name);
  return value;
}

/** The raw query string of a URL (without `?`), exactly as the client sent it. */
export function rawQueryOf(originalUrl: string): string {
  const start = originalUrl.indexOf('?');
  return start === -1 ? '' : originalUrl.slice(start + 1);
}

/** Appends parameters to a registered redirect URI without re-encoding the URI itself. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) query.append(name, value);
  return `${url}${url.includes('?') ? '&' : '?'}${query.toString()}`;
}
