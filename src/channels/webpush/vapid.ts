import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../../domain/clock.js';

/** An application server's VAPID identity (RFC 8292 §2): a P-256 key pair and a contact URI. */
export interface VapidCredential {
  /** base64url of the 65-byte uncompressed public key: the `applicationServerKey` browsers subscribe with. */
  readonly publicKey: string;
  /** base64url of the 32-byte private scalar. */
  readonly privateKey: string;
  /** `mailto:` or `https:` contact (RFC 8292 §2.1); Apple's push service refuses JWTs without it. */
  readonly subject: string;
}

/** A VAPID credential that cannot be used; `field` names the offending field. */
export class VapidCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`VAPID credential: ${field} ${detail}`);
    this.name = 'VapidCredentialError';
  }
}

/** JWT lifetime: web-push's 12 h default, half the 24 h ceiling of RFC 8292 §2, leaving room for clock skew. */
const JWT_LIFETIME_S = 12 * 3600;
/** Re-mint at half-life, so no JWT reaches a push service with under 6 h left. */
const JWT_REUSE_S = JWT_LIFETIME_S / 2;
/** Push services are a handful of origins; the cap only bounds memory against odd subscriptions. */
const MAX_CACHED_ORIGINS = 1000;

/**
 * Checks a VAPID credential (object or JSON string): key sizes, the public key being the private
 * key's, and the subject scheme. Throws {@link VapidCredentialError} naming the field.
 */
export function validateVapidCredential(input: unknown): VapidCredential {
  const obj: unknown = typeof input === 'string' ? safeParse(input) : input;
  if (typeof obj !== 'object' || obj === null) throw new VapidCredentialError('(root)', 'must be an object');
  const { publicKey, privateKey, subject } = obj as Record<string, unknown>;
  if (typeof publicKey !== 'string') throw new VapidCredentialError('publicKey', 'is missing');
  if (typeof privateKey !== 'string') throw new VapidCredentialError('privateKey', 'is missing');
  if (typeof subject !== 'string') throw new VapidCredentialError('subject', 'is missing');
  const pub = Buffer.from(publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 0x04) {
    throw new VapidCredentialError('publicKey', 'must be a base64url 65-byte uncompressed P-256 point');
  }
  const priv = Buffer.from(privateKey, 'base64url');
  if (priv.length !== 32)
    throw new VapidCredentialError('privateKey', 'must be a base64url 32-byte P-256 key');
  let derived: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(priv);
    derived = ecdh.getPublicKey();
  } catch {
    throw new VapidCredentialError('privateKey', 'is not a valid P-256 private key');
  }
  if (!derived.equals(pub)) throw new VapidCredentialError('publicKey', 'does not belong to privateKey');
  if (!/^(mailto:.+|https:\/\/.+)/.test(subject)) {
    throw new VapidCredentialError('subject', 'must be a mailto: or https: URI (RFC 8292 §2.1)');
  }
  return { publicKey, privateKey, subject };
}

/**
 * Signs VAPID `Authorization` headers (RFC 8292 §3: `vapid t=<JWT>, k=<public key>`) and reuses each
 * JWT for its origin until half its life is gone (RFC 8292 §2 allows reuse across requests).
 */
export class VapidSigner {
  readonly #cred: VapidCredential;
  readonly #key: KeyObject;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { readonly header: string; readonly renewAt: number }>();

  /** Throws {@link VapidCredentialError} for an unusable credential. */
  constructor(credential: VapidCredential, clock: Clock) {
    this.#cred = validateVapidCredential(credential);
    const pub = Buffer.from(credential.publicKey, 'base64url');
    this.#key = createPrivateKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: pub.subarray(1, 33).toString('base64url'),
        y: pub.subarray(33, 65).toString('base64url'),
        d: credential.privateKey,
      },
      format: 'jwk',
    });
    this.#clock = clock;
  }

  /** The Authorization header for a push to `endpoint`; `aud` is the endpoint's origin (RFC 8292 §2). */
  async authorization(endpoint: string): Promise<string> {
    const origin = new URL(endpoint).origin;
    const now = this.#clock.now();
    const hit = this.#cache.get(origin);
    if (hit && now < hit.renewAt) return hit.header;
    const iat = Math.floor(now / 1000);
    const jwt = await new SignJWT({ sub: this.#cred.subject })
      .setProtectedHeader({ typ: 'JWT', alg: 'ES256' })
      .setAudience(origin)
      .setExpirationTime(iat + JWT_LIFETIME_S)
      .sign(this.#key);
    const header = `vapid t=${jwt}, k=${this.#cred.publicKey}`;
    if (this.#cache.size >= MAX_CACHED_ORIGINS) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(origin, { header, renewAt: now + JWT_REUSE_S * 1000 });
    return header;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VapidCredentialError('(root)', 'is not valid JSON');
  }
}
