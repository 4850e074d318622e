import type { Vendor } from './device.js';

export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** A vendor credential as stored: the secret material stays sealed; only the store and the senders open it. */
export interface StoredCredential {
  readonly appId: string;
  readonly vendor: Vendor;
  readonly environment: Environment;
  readonly sealed: string;
  /** `failing` once a vendor refused it (credential_error); the app sees why in `lastError`. */
  readonly status: 'ok' | 'failing';
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * What the API shows of a secret: its shape and last four characters, never the value. PEM keys
 * show their type line only.
 */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') {
    const pem = /^-----BEGIN ([A-Z ]+)-----/.exec(value);
    if (pem) return `-----BEGIN ${pem[1]}----- …(${value.length} chars)`;
    return value.length <= 8 ? '****' : `****${value.slice(-4)}`;
  }
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PUBLIC_FIELDS.has(k) ? v : maskSecrets(v)]),
    );
  }
  return value;
}

/** Identifiers that are not secret and help a person recognise which credential this is. */
const PUBLIC_FIELDS = new Set([
  'keyId',
  'teamId',
  'topic',
  'environment',
  'project_id',
  'client_email',
  'type',
  'appId',
  'packageName',
  'appKey',
  'subject',
  'publicKey',
]);
