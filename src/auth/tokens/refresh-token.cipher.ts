import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SessionConfig } from '../../config/config-slices';

const VERSION = 'v1';

/**
 * Encrypts refresh tokens before they reach the session store, with a key derived from
 * SESSION_SECRET: a leaked session table alone does not give anyone a working refresh token.
 */
@Injectable()
export class RefreshTokenCipher {
  private readonly key: Buffer;

  constructor(session: SessionConfig) {
    this.key = RefreshTokenCipher.deriveKey(session.secret);
  }

  static deriveKey(secret: string): Buffer {
    return Buffer.from(hkdfSync('sha256', secret, 'photos', 'refresh-token-encryption', 32));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the ciphertext was altered or made with another secret. */
  decrypt(ciphertext: string): string {
    const [version, iv, tag, body] = ciphertext.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error('Malformed encrypted token');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
