/**
 * Defaults of settings that something outside the running app must agree with: the provision
 * command and the CDK app (deploy/) size Cognito's token lifetimes and the load balancer's idle
 * timeout from them. Plain constants, no imports: deploy/ compiles this file on its own.
 */

/** SESSION_IDLE_TIMEOUT: a session idle this long ends. */
export const DEFAULT_SESSION_IDLE_TIMEOUT_SECONDS = 2 * 60 * 60;
/** SESSION_ABSOLUTE_TIMEOUT: no session lasts longer, however busy. */
export const DEFAULT_SESSION_ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;
/** COGNITO_SCOPES: what the app asks for at sign-in. */
export const DEFAULT_COGNITO_SCOPES = ['openid', 'email', 'profile'] as const;
/**
 * KEEP_ALIVE_TIMEOUT_SECONDS: how long the app keeps an idle connection open. Longer than the load
 * balancer's idle timeout (an ALB's is 60 s by default), so the app never closes a connection the
 * load balancer is about to reuse (app.factory.ts).
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 65;
