/** Photos' cookies all start with "photos" so they never clash with the local Cognito's (lc_…). */
export const SESSION_COOKIE = 'photos.sid';
export const SESSION_TABLE = 'user_sessions';
