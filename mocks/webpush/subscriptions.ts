import { createECDH, randomBytes } from 'node:crypto';
import type { ReceiverKeys } from '../../src/channels/webpush/decrypt.js';

/** A subscription the mock created, with the private half a browser would keep. */
export interface MockSubscription {
  readonly id: string;
  /** `PushSubscription.toJSON()` as a string: what Herald stores as the device token. */
  readonly json: string;
  readonly keys: ReceiverKeys;
  /** When set, only this VAPID public key may push (the browser's `applicationServerKey`). */
  readonly applicationServerKey?: string;
}

/** Makes a subscription as a browser's PushManager.subscribe() would: a fresh P-256 key pair and auth secret. */
export function newSubscription(origin: string, applicationServerKey?: string): MockSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const id = randomBytes(16).toString('base64url');
  // getPrivateKey() drops leading zero bytes (about 1 key in 256); keep the 32-byte form.
  const privateKey = Buffer.from(ecdh.getPrivateKey('hex').padStart(64, '0'), 'hex');
  const keys = { privateKey, publicKey: ecdh.getPublicKey(), authSecret: randomBytes(16) };
  const json = JSON.stringify({
    endpoint: `${origin}/push/${id}`,
    expirationTime: null,
    keys: { p256dh: keys.publicKey.toString('base64url'), auth: keys.authSecret.toString('base64url') },
  });
  return { id, json, keys, applicationServerKey };
}

/** The mock's id in a subscription token, or null when it is not one of the mock's. */
export function subscriptionId(token: string): string | null {
  try {
    const endpoint: unknown = (JSON.parse(token) as { endpoint?: unknown }).endpoint;
    return typeof endpoint === 'string' ? (/\/push\/([^/?#]+)$/.exec(endpoint)?.[1] ?? null) : null;
  } catch {
    return null;
  }
}
