/**
 * A Huawei Push Kit app credential, from AppGallery Connect (Project settings → App information):
 * the OAuth 2.0 client id (the app id) and its client secret (the app secret).
 */
export interface HmsCredential {
  readonly appId: string;
  readonly clientSecret: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class HmsCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`HMS credential: ${field} ${detail}`);
    this.name = 'HmsCredentialError';
  }
}

/**
 * Checks a credential object and returns it typed and trimmed. Throws {@link HmsCredentialError} naming
 * the first bad field. The app id goes into the send URL path (`/v1/{appId}/messages:send`), so it must
 * be digits, as AppGallery Connect issues them.
 */
export function validateHmsCredential(input: unknown): HmsCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HmsCredentialError('(root)', 'must be an object with appId and clientSecret');
  }
  const rec = input as Record<string, unknown>;
  const appId = requireString(rec, 'appId');
  if (!/^\d+$/.test(appId)) throw new HmsCredentialError('appId', 'must be the numeric AppGallery app id');
  return { appId, clientSecret: requireString(rec, 'clientSecret') };
}

function requireString(rec: Record<string, unknown>, field: string): string {
  const value = rec[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HmsCredentialError(field, 'is missing or not a non-empty string');
  }
  return value.trim();
}
