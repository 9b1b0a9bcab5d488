/** Injection tokens for values that are not classes. */
export const LOCAL_COGNITO_CONFIG = Symbol('LOCAL_COGNITO_CONFIG');
export const LOCAL_COGNITO_CLOCK = Symbol('LOCAL_COGNITO_CLOCK');

/**
 * Cookie names. Cookies are shared by every port of a host and the app's own start with `photos`,
 * so every cookie of the local Cognito starts with `lc_`.
 */
export const SESSION_COOKIE = 'lc_session';
export const CSRF_COOKIE = 'lc_csrf';

/** Cognito's error bodies and userInfo answers use exactly this content type. */
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
