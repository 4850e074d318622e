/** A Meizu Flyme Push app credential, from the Flyme push platform (app info): AppId and AppSecret. */
export interface MeizuCredential {
  readonly appId: string;
  readonly appSecret: string;
}

/** A credential that cannot be used; `field` names the offending field. */
export class MeizuCredentialError extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(`Meizu credential: ${field} ${detail}`);
    this.name = 'MeizuCredentialError';
  }
}

/** Checks a credential object and returns it typed and trimmed; throws {@link MeizuCredentialError}. */
export function validateMeizuCredential(input: unknown): MeizuCredential {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new MeizuCredentialError('(root)', 'must be an object with appId and appSecret');
  }
  const rec = input as Record<string, unknown>;
  const appId = typeof rec.appId === 'number' ? String(rec.appId) : rec.appId;
  if (typeof appId !== 'string' || !/^\d+$/.test(appId.trim())) {
    throw new MeizuCredentialError('appId', 'must be the numeric Flyme app id');
  }
  const secret = rec.appSecret;
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new MeizuCredentialError('appSecret', 'is missing or not a non-empty string');
  }
  return { appId: appId.trim(), appSecret: secret.trim() };
}
