import { createPrivateKey } from 'node:crypto';

/** Which APNs host a credential talks to (Apple, "Sending notification requests to APNs"). */
export type ApnsEnvironment = 'production' | 'development';

/** Apple's hosts per environment; `api.development.push.apple.com` is an older alias of the sandbox. */
export const APNS_HOSTS: Readonly<Record<ApnsEnvironment, string>> = {
  production: 'https://api.push.apple.com',
  development: 'https://api.sandbox.push.apple.com',
};

/**
 * A token-based APNs credential: the `.p8` signing key from the developer account, its Key ID, the
 * Team ID that issues the provider tokens, and the app's bundle id (the `apns-topic`).
 */
export interface ApnsCredential {
  /** 10-character Key ID shown next to the key in the developer account (JWT header `kid`). */
  readonly keyId: string;
  /** 10-character Team ID (JWT claim `iss`). */
  readonly teamId: string;
  /** The `.p8` file's content: a PKCS#8 PEM of a P-256 key (JWT alg ES256). */
  readonly privateKeyPem: string;
  /** The app's bundle id, sent as `apns-topic`. */
  readonly topic: string;
  readonly environment: ApnsEnvironment;
}

/** A credential that cannot be used; `field` names the offending field. */
export class ApnsCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`APNs credential: ${field} ${detail}`);
    this.name = 'ApnsCredentialError';
  }
}

// Apple's Key IDs and Team IDs are 10 upper-case alphanumerics ("Establishing a token-based connection to APNs").
const APPLE_ID = /^[A-Z0-9]{10}$/;
// A bundle id: reverse-DNS letters, digits, dots and hyphens (Apple "CFBundleIdentifier").
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * Checks a credential and returns it typed. Throws {@link ApnsCredentialError} naming the first bad
 * field: ids that are not 10 upper-case alphanumerics, a key that is not a PKCS#8 PEM of a P-256
 * EC key, a topic that is not a bundle id, an unknown environment.
 */
export function validateApnsCredential(input: unknown): ApnsCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApnsCredentialError('(root)', 'must be an object');
  }
  const rec = input as Record<string, unknown>;
  for (const field of ['keyId', 'teamId'] as const) {
    const value = rec[field];
    if (typeof value !== 'string' || !APPLE_ID.test(value)) {
      throw new ApnsCredentialError(field, 'must be the 10-character id from the Apple developer account');
    }
  }
  const topic = rec.topic;
  if (typeof topic !== 'string' || !BUNDLE_ID.test(topic)) {
    throw new ApnsCredentialError('topic', 'must be the app bundle id, e.g. com.example.app');
  }
  if (rec.environment !== 'production' && rec.environment !== 'development') {
    throw new ApnsCredentialError('environment', 'must be "production" or "development"');
  }
  checkKey(rec.privateKeyPem);
  return rec as unknown as ApnsCredential;
}

/** The `.p8` must be PKCS#8 (Apple ships it so) and P-256, the only curve ES256 allows (RFC 7518 §3.4). */
function checkKey(pem: unknown): void {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN PRIVATE KEY-----')) {
    throw new ApnsCredentialError('privateKeyPem', 'must be the .p8 file content (PKCS#8 PEM)');
  }
  let details: { type?: string; curve?: string };
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    details = { type: key.asymmetricKeyType, curve: key.asymmetricKeyDetails?.namedCurve };
  } catch (err) {
    throw new ApnsCredentialError('privateKeyPem', `does not parse: ${(err as Error).message}`);
  }
  if (details.type !== 'ec' || details.curve !== 'prime256v1') {
    throw new ApnsCredentialError(
      'privateKeyPem',
      `must be an EC P-256 key, got ${details.type ?? '?'} ${details.curve ?? ''}`.trim(),
    );
  }
}
