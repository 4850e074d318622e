/** A vivo Push app credential, from the vivo open platform (Push → app info): AppID, AppKey, AppSecret. */
export interface VivoCredential {
  /** Digits; vivo's API carries it as a number in auth and as a string in send bodies. */
  readonly appId: string;
  readonly appKey: string;
  readonly appSecret: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class VivoCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`vivo credential: ${field} ${detail}`);
    this.name = 'VivoCredentialError';
  }
}

/** Checks a credential object and returns it typed and trimmed; throws {@link VivoCredentialError}. */
export function validateVivoCredential(input: unknown): VivoCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new VivoCredentialError('(root)', 'must be an object with appId, appKey and appSecret');
  }
  const rec = input as Record<string, unknown>;
  const rawId = typeof rec.appId === 'number' ? String(rec.appId) : rec.appId;
  const appId = requireString({ appId: rawId }, 'appId');
  if (!/^\d+$/.test(appId)) throw new VivoCredentialError('appId', 'must be the numeric vivo app id');
  return { appId, appKey: requireString(rec, 'appKey'), appSecret: requireString(rec, 'appSecret') };
}

function requireString(rec: Record<string, unknown>, field: string): string {
  const value = rec[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new VivoCredentialError(field, 'is missing or not a non-empty string');
  }
  // vivo signs the trimmed values ("字符串trim后拼接").
  return value.trim();
}
