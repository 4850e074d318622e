import { createPrivateKey, type KeyObject } from 'node:crypto';

/**
 * A Google service-account key, as downloaded from the Firebase console (Project settings → Service
 * accounts → Generate new private key). Field names are Google's.
 */
export interface FcmCredential {
  readonly type: 'service_account';
  readonly project_id: string;
  readonly private_key_id: string;
  /** PKCS#8 PEM of an RSA key; signs the RS256 assertion of the JWT-bearer grant (RFC 7523). */
  readonly private_key: string;
  readonly client_email: string;
  readonly token_uri: string;
}

/** A service-account JSON that cannot be used; `field` names the offending field. */
export class FcmCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`FCM credential: ${field} ${detail}`);
    this.name = 'FcmCredentialError';
  }
}

const STRING_FIELDS = ['project_id', 'private_key_id', 'private_key', 'client_email', 'token_uri'] as const;

/**
 * Checks a service-account JSON (object or string) and returns it typed. Throws
 * {@link FcmCredentialError} naming the first bad field: missing fields, a type other than
 * `service_account`, a key that does not parse or is not RSA, a token_uri that is not a URL.
 */
export function validateFcmCredential(input: unknown): FcmCredential {
  const obj = typeof input === 'string' ? parseJson(input) : input;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new FcmCredentialError('(root)', 'must be a service-account JSON object');
  }
  const rec = obj as Record<string, unknown>;
  if (rec.type !== 'service_account') throw new FcmCredentialError('type', 'must be "service_account"');
  for (const field of STRING_FIELDS) {
    const value = rec[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new FcmCredentialError(field, 'is missing or not a non-empty string');
    }
  }
  const cred = rec as unknown as FcmCredential;
  if (!cred.client_email.includes('@'))
    throw new FcmCredentialError('client_email', 'is not an email address');
  if (!URL.canParse(cred.token_uri)) throw new FcmCredentialError('token_uri', 'is not a URL');
  fcmSigningKey(cred);
  return {
    type: 'service_account',
    project_id: cred.project_id,
    private_key_id: cred.private_key_id,
    private_key: cred.private_key,
    client_email: cred.client_email,
    token_uri: cred.token_uri,
  };
}

/** The credential's private key as a KeyObject; throws {@link FcmCredentialError} unless it is an RSA key. */
export function fcmSigningKey(cred: Pick<FcmCredential, 'private_key'>): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(cred.private_key);
  } catch (err) {
    throw new FcmCredentialError(
      'private_key',
      `does not parse as a PEM private key (${(err as Error).message})`,
    );
  }
  // RS256 is the only algorithm Google's token endpoint takes for service accounts.
  if (key.asymmetricKeyType !== 'rsa') {
    throw new FcmCredentialError(
      'private_key',
      `must be an RSA key, got ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  return key;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FcmCredentialError('(root)', 'is not valid JSON');
  }
}
