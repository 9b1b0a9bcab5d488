/** What a hosted-UI request results in; controllers turn it into cookies, a redirect or a page. */
export type HostedOutcome = RedirectOutcome | PageOutcome;

export interface RedirectOutcome {
  kind: 'redirect';
  location: string;
  /** Start a new sign-in session (its cookie lives exactly as long), or end the current one. */
  session?: { start: { id: string; maxAgeMs: number } } | 'end';
}

export interface PageOutcome {
  kind: 'page';
  status: number;
  view: 'login' | 'signup' | 'new-password' | 'error';
  model: Record<string, unknown>;
}

export function redirectTo(
  location: string,
  session?: RedirectOutcome['session'],
): RedirectOutcome {
  return { kind: 'redirect', location, session };
}
