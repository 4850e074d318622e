import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest. Each value gets a fresh 96-bit IV (NIST SP 800-38D §8.2); the
 * row's identity is bound as associated data, so a ciphertext copied into another row fails to open.
 * Sealed form: "v1.<iv>.<tag>.<ciphertext>", base64url parts.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32)
      throw new Error(
        'the secret key must be 32 bytes (HERALD_SECRET_KEY: 64 hex or 43 base64url characters)',
      );
    this.#key = key;
  }

  static parseKey(text: string): Buffer {
    const t = text.trim();
    if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
    const b = Buffer.from(t, 'base64url');
    if (b.length !== 32)
      throw new Error('HERALD_SECRET_KEY must be 32 bytes as 64 hex or 43 base64url characters');
    return b;
  }

  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  /** Throws if the key, the associated data or any byte differs from sealing. */
  open(sealed: string, aad: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
