import { createHmac } from 'node:crypto';

/** SECRET_HASH as clients compute it: Base64(HMAC-SHA256(secret, username + clientId)). */
export function secretHashOf(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(`${username}${clientId}`).digest('base64');
}
