/** What a handler knows of its request besides the body. */
export interface ApiContext {
  /** The region of the request's SigV4 credential scope (new pool ids start with it). */
  region: string;
}

/**
 * One action of the Cognito API. `signed`: an administrator's call, which Cognito accepts only
 * with a SigV4 signature (any credentials do here); `public`: one of the user's own calls
 * (SignUp, InitiateAuth, …), authenticated by ClientId, SECRET_HASH or an access token.
 */
export interface ApiAction {
  auth: 'signed' | 'public';
  run(input: unknown, context: ApiContext): Promise<object>;
}

export type ActionTable = Record<string, ApiAction>;

/**
 * A handler typed by the SDK's own `…Request` and `…Response` shapes. The body is only known to
 * be a JSON object; each handler checks the fields it uses (api-input.ts) before relying on them.
 */
type Handler<I, O> = (input: I, context: ApiContext) => O | Promise<O>;

export function signedAction<I, O extends object>(handler: Handler<I, O>): ApiAction {
  return { auth: 'signed', run: (input, context) => Promise.resolve(handler(input as I, context)) };
}

export function publicAction<I, O extends object>(handler: Handler<I, O>): ApiAction {
  return { auth: 'public', run: (input, context) => Promise.resolve(handler(input as I, context)) };
}

/** A family of actions (pools, clients, users, …): one Nest provider each. */
export interface ActionFamily {
  readonly actions: ActionTable;
}
