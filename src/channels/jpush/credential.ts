/**
 * A JPush (Jiguang) app credential, from the JPush console (app settings): the AppKey and the Master
 * Secret that together make the HTTP Basic credential of the REST API v3.
 */
export interface JpushCredential {
  readonly appKey: string;
  readonly masterSecret: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class JpushCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`JPush credential: ${field} ${detail}`);
    this.name = 'JpushCredentialError';
  }
}

/** Both are 24-character alphanumeric strings (jpush-api-nodejs-client checks the same). */
const KEY = /^[0-9A-Za-z]{24}$/;

/** Checks a credential object and returns it typed and trimmed; throws {@link JpushCredentialError}. */
export function validateJpushCredential(input: unknown): JpushCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new JpushCredentialError('(root)', 'must be an object with appKey and masterSecret');
  }
  const rec = input as Record<string, unknown>;
  return { appKey: requireKey(rec, 'appKey'), masterSecret: requireKey(rec, 'masterSecret') };
}

function requireKey(rec: Record<string, unknown>, field: string): string {
  const value = rec[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new JpushCredentialError(field, 'is missing or not a non-empty string');
  }
  if (!KEY.test(value.trim())) throw new JpushCredentialError(field, 'must be 24 alphanumeric characters');
  return value.trim();
}
