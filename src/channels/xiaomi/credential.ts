/**
 * A Xiaomi MiPush app credential, from the Xiaomi open platform (app details → AppSecret): the secret
 * sent as `Authorization: key=<AppSecret>` and the Android package it may push to
 * (`restricted_package_name`).
 */
export interface XiaomiCredential {
  readonly appSecret: string;
  readonly packageName: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class XiaomiCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`Xiaomi credential: ${field} ${detail}`);
    this.name = 'XiaomiCredentialError';
  }
}

/** An Android application id: dot-separated Java identifiers, at least two segments. */
const PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

/** Checks a credential object and returns it typed and trimmed; throws {@link XiaomiCredentialError}. */
export function validateXiaomiCredential(input: unknown): XiaomiCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new XiaomiCredentialError('(root)', 'must be an object with appSecret and packageName');
  }
  const rec = input as Record<string, unknown>;
  const appSecret = requireString(rec, 'appSecret');
  // The secret goes into a header verbatim; a line break would split it.
  if (/[\r\n]/.test(appSecret)) throw new XiaomiCredentialError('appSecret', 'must be one line');
  const packageName = requireString(rec, 'packageName');
  if (!PACKAGE.test(packageName)) {
    throw new XiaomiCredentialError('packageName', 'must be an Android package name like com.example.app');
  }
  return { appSecret, packageName };
}

function requireString(rec: Record<string, unknown>, field: string): string {
  const value = rec[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new XiaomiCredentialError(field, 'is missing or not a non-empty string');
  }
  return value.trim();
}
