/**
 * An OPPO Push (HeyTap) app credential, from the OPPO push platform (Configuration → App settings):
 * the AppKey and the MasterSecret that sign the auth request. (The AppSecret is the client SDK's and is
 * not used by the server API.)
 */
export interface OppoCredential {
  readonly appKey: string;
  readonly masterSecret: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class OppoCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`OPPO credential: ${field} ${detail}`);
    this.name = 'OppoCredentialError';
  }
}

/** Checks a credential object and returns it typed and trimmed; throws {@link OppoCredentialError}. */
export function validateOppoCredential(input: unknown): OppoCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new OppoCredentialError('(root)', 'must be an object with appKey and masterSecret');
  }
  const rec = input as Record<string, unknown>;
  return { appKey: requireString(rec, 'appKey'), masterSecret: requireString(rec, 'masterSecret') };
}

function requireString(rec: Record<string, unknown>, field: string): string {
  const value = rec[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OppoCredentialError(field, 'is missing or not a non-empty string');
  }
  // The sign is over the trimmed values, concatenated: stray whitespace would break it silently.
  return value.trim();
}
