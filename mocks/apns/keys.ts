import { generateKeyPairSync, randomBytes, randomInt, sign } from 'node:crypto';

/** A throw-away APNs signing key, as a developer account would issue one (`.p8` + ids). */
export interface ThrowAwayKey {
  readonly keyId: string;
  readonly teamId: string;
  /** PKCS#8 PEM, the `.p8` content. */
  readonly privateKeyPem: string;
  /** SPKI PEM, what the mock registers. */
  readonly publicKeyPem: string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A 10-character upper-case alphanumeric id, the shape of Apple's Key and Team IDs. */
export function appleId(): string {
  return Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** A fresh P-256 key with a random Key ID. */
export function throwAwayKey(teamId = 'HERALDTEAM'): ThrowAwayKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId: appleId(),
    teamId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A random 32-byte device token in hex, the form APNs tokens take today. */
export function deviceToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Signs a provider JWT by hand (ES256, raw r‖s per RFC 7518 §3.4), with any header and claims, so
 * tests can make the malformed, old or future tokens a real provider never would.
 */
export function signJwt(
  privateKeyPem: string,
  header: Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, unknown>>,
): string {
  const part = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKeyPem, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
