import type { SendOutcome } from '../channel.js';

/** When an auth endpoint gives no Retry-After, ask again after this long. */
export const AUTH_RETRY_MS = 10_000;

/**
 * A vendor auth call refused the credential (`credential`: wrong key, sign or clock) or failed for
 * reasons of its own (`transient`: unreachable, 5xx, rate-limited). Each vendor names its subclass.
 */
export class VendorAuthError extends Error {
  constructor(
    readonly kind: 'credential' | 'transient',
    message: string,
    readonly retryAfterMs: number = AUTH_RETRY_MS,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** An auth failure as every target's outcome: transient → retry, refused → credential_error. */
export function authFailureOutcome(err: unknown): SendOutcome {
  if (err instanceof VendorAuthError && err.kind === 'transient') {
    return { kind: 'retry', afterMs: err.retryAfterMs, reason: err.message };
  }
  return { kind: 'credential_error', reason: err instanceof Error ? err.message : String(err) };
}
