import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SessionConfig } from '../../config/config-slices';

const VERSION = 'v1';
/** GCM's full tag: every ciphertext this class seals carries one. */
const AUTH_TAG_BYTES = 16;

/**
 * Encrypts refresh tokens before they reach the session store, with a key derived from
 * SESSION_SECRET: a leaked session table alone does not give anyone a working refresh token.
 */
@Injectable()
export class RefreshTokenCipher {
  private readonly key: Buffer;
  /** From SESSION_SECRET_PREVIOUS: decrypts what was stored before the last rotation. */
  private readonly previousKey?: Buffer;

  constructor(session: SessionConfig) {
    this.key = RefreshTokenCipher.deriveKey(session.secret);
    if (session.previousSecret)
      this.previousKey = RefreshTokenCipher.deriveKey(session.previousSecret);
  }

  static deriveKey(secret: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, 'photos', 'refresh-token-encryption', 32));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: AUTH_TAG_BYTES });
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Throws when the ciphertext was altered or made with a secret that is neither SESSION_SECRET
   * nor SESSION_SECRET_PREVIOUS.
   */
  decrypt(ciphertext: string): string {
    const [version, iv, tag, body] = ciphertext.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('Malformed encrypted token');
    try {
      return RefreshTokenCipher.open(this.key, iv, tag, body);
    } catch (error) {
      if (!this.previousKey) throw error;
      return RefreshTokenCipher.open(this.previousKey, iv, tag, body);
    }
  }

  private static open(key: Buffer, iv: string, tag: string, body: string): string {
    // Without authTagLength, Node before 24 accepts a tag cut down to 4 bytes (DEP0182).
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
      authTagLength: AUTH_TAG_BYTES,
    });
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
