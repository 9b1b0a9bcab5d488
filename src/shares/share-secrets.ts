import { Injectable } from '@nestjs/common';
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { SessionConfig } from '../config/config-slices';

const SEALED_VERSION = 'v1';

/** Keys for one secret, each derived for its own purpose (HKDF), never the secret itself. */
interface Keys {
  seal: Buffer;
  unlock: Buffer;
}

function keysOf(secret: string): Keys {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'photos', `share-link-${purpose}`, 32));
  return { seal: derive('token-encryption'), unlock: derive('unlock-pass') };
}

/**
 * The secrets of share links, from SESSION_SECRET (and SESSION_SECRET_PREVIOUS after a rotation):
 * - the token kept for its owner is sealed (AES-256-GCM), so a database dump alone opens no link;
 * - an unlocked password link's cookie is an HMAC of the link id and the cookie's expiry: it says
 *   nothing of the password and cannot be forged or moved to another link.
 */
@Injectable()
export class ShareSecrets {
  private readonly current: Keys;
  private readonly previous?: Keys;

  constructor(session: SessionConfig) {
    this.current = keysOf(session.secret);
    if (session.previousSecret) this.previous = keysOf(session.previousSecret);
  }

  sealToken(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.seal, iv);
    const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
    return [SEALED_VERSION, ...parts].join('.');
  }

  /** The token, or undefined when it was sealed with a secret no longer configured. */
  openToken(sealed: string): string | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== SEALED_VERSION || !iv || !tag || body === undefined) return undefined;
    for (const keys of [this.current, this.previous]) {
      if (!keys) continue;
      try {
        const decipher = createDecipheriv('aes-256-gcm', keys.seal, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const opened = Buffer.concat([
          decipher.update(Buffer.from(body, 'base64url')),
          decipher.final(),
        ]);
        return opened.toString('utf8');
      } catch {
        // Not this key: try the previous one.
      }
    }
    return undefined;
  }

  /** A cookie value unlocking `linkId` until `expiresAtMs`. */
  unlockPass(linkId: string, expiresAtMs: number): string {
    return `${expiresAtMs}.${this.mac(this.current, linkId, expiresAtMs).toString('base64url')}`;
  }

  /** Whether `pass` was made by `unlockPass` for this link and has not expired at `nowMs`. */
  isValidUnlockPass(pass: unknown, linkId: string, nowMs: number): boolean {
    if (typeof pass !== 'string') return false;
    const [expiry, mac, ...rest] = pass.split('.');
    if (rest.length > 0 || !/^\d{1,15}$/.test(expiry ?? '') || !mac) return false;
    const expiresAtMs = Number(expiry);
    if (expiresAtMs <= nowMs) return false;
    const sent = Buffer.from(mac, 'base64url');
    return [this.current, this.previous].some((keys) => {
      if (!keys) return false;
      const expected = this.mac(keys, linkId, expiresAtMs);
      return sent.length === expected.length && timingSafeEqual(sent, expected);
    });
  }

  private mac(keys: Keys, linkId: string, expiresAtMs: number): Buffer {
    return createHmac('sha256', keys.unlock).update(`${linkId}.${expiresAtMs}`).digest();
  }
}
