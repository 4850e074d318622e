/** A canned answer for one device token, applied after the request passed every check. */
export interface ApnsFault {
  /** HTTP status; 200 with `delayMs` makes a slow success. */
  readonly status: number;
  /** APNs `reason` in the JSON error body. */
  readonly reason: string;
  readonly retryAfterSeconds?: number;
  /** Requests it answers before the token is served normally again; absent = every request. */
  readonly times?: number;
  /** After answering, GOAWAY the connection with `{"reason": reason}` as debug data (APNs Shutdown). */
  readonly goaway?: boolean;
  /** Wait this long before answering (timeouts). */
  readonly delayMs?: number;
}

/** The faults Apple's docs say a sender must handle ("Handling notification responses from APNs"). */
export const apnsFaults = {
  unregistered: (): ApnsFault => ({ status: 410, reason: 'Unregistered' }),
  expiredToken: (): ApnsFault => ({ status: 410, reason: 'ExpiredToken' }),
  badDeviceToken: (): ApnsFault => ({ status: 400, reason: 'BadDeviceToken' }),
  deviceTokenNotForTopic: (): ApnsFault => ({ status: 400, reason: 'DeviceTokenNotForTopic' }),
  serviceUnavailable: (retryAfterSeconds?: number): ApnsFault => ({
    status: 503,
    reason: 'ServiceUnavailable',
    retryAfterSeconds,
  }),
  tooManyRequests: (retryAfterSeconds?: number): ApnsFault => ({
    status: 429,
    reason: 'TooManyRequests',
    retryAfterSeconds,
  }),
  internalServerError: (): ApnsFault => ({ status: 500, reason: 'InternalServerError' }),
  shutdown: (): ApnsFault => ({ status: 503, reason: 'Shutdown', goaway: true, times: 1 }),
  idleTimeout: (): ApnsFault => ({ status: 400, reason: 'IdleTimeout', goaway: true, times: 1 }),
  expiredProviderToken: (times = 1): ApnsFault => ({ status: 403, reason: 'ExpiredProviderToken', times }),
  invalidProviderToken: (): ApnsFault => ({ status: 403, reason: 'InvalidProviderToken' }),
  tooManyProviderTokenUpdates: (): ApnsFault => ({ status: 429, reason: 'TooManyProviderTokenUpdates' }),
  slow: (delayMs: number): ApnsFault => ({ status: 200, reason: '', delayMs }),
};

/** Faults per token, consumed request by request. */
export class FaultBook {
  readonly #faults = new Map<string, { fault: ApnsFault; left: number }>();

  set(token: string, fault: ApnsFault): void {
    this.#faults.set(token.toLowerCase(), { fault, left: fault.times ?? Number.POSITIVE_INFINITY });
  }

  /** The fault for this request, if any, counting it against `times`. */
  take(token: string): ApnsFault | null {
    const key = token.toLowerCase();
    const entry = this.#faults.get(key);
    if (!entry) return null;
    if (--entry.left <= 0) this.#faults.delete(key);
    return entry.fault;
  }

  clear(): void {
    this.#faults.clear();
  }
}
