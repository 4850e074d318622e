import type { Vendor } from '../domain/device.js';

/**
 * Sends per second an app may make to each vendor by default: FCM's project quota is 600 000 a
 * minute; Huawei documents about 3 000 tokens a second; the smaller Chinese vendors throttle an
 * app far below that (their daily quotas are reported by the vendor as `quota` outcomes).
 */
export const DEFAULT_VENDOR_RATES: Readonly<Record<Vendor, number>> = {
  fcm: 10_000,
  apns: 10_000,
  webpush: 5_000,
  huawei: 3_000,
  xiaomi: 1_000,
  oppo: 1_000,
  vivo: 1_000,
  meizu: 1_000,
  jpush: 1_000,
};

interface Bucket {
  tokens: number;
  refilledAt: number;
  pausedUntil: number;
  reason: string;
}

/**
 * Paces each app's sends to each vendor: a token bucket (one second of burst) for the rate, and a
 * pause until the time a vendor named when it answered "quota". Per node: with several nodes each
 * paces its own share, which keeps the total under N × rate; the vendor's own quota answer is the
 * backstop.
 */
export class VendorPacer {
  readonly #rates: Readonly<Record<Vendor, number>>;
  readonly #buckets = new Map<string, Bucket>();

  constructor(rates: Partial<Record<Vendor, number>> = {}) {
    this.#rates = { ...DEFAULT_VENDOR_RATES, ...rates };
  }

  #bucket(appId: string, vendor: Vendor, now: number): Bucket {
    const key = `${appId}\u0000${vendor}`;
    const rate = this.#rates[vendor];
    let b = this.#buckets.get(key);
    if (!b) {
      b = { tokens: rate, refilledAt: now, pausedUntil: 0, reason: '' };
      this.#buckets.set(key, b);
    }
    b.tokens = Math.min(rate, b.tokens + ((now - b.refilledAt) / 1000) * rate);
    b.refilledAt = now;
    return b;
  }

  /**
   * How many of `wanted` sends may go now, and when the rest may: `retryAt` is the end of a quota
   * pause, or when the bucket holds enough again.
   */
  take(
    appId: string,
    vendor: Vendor,
    wanted: number,
    now: number,
  ): { granted: number; retryAt: number; reason: string } {
    const b = this.#bucket(appId, vendor, now);
    if (b.pausedUntil > now) return { granted: 0, retryAt: b.pausedUntil, reason: b.reason };
    const granted = Math.min(wanted, Math.floor(b.tokens));
    b.tokens -= granted;
    const rate = this.#rates[vendor];
    const retryAt = now + Math.ceil(((wanted - granted) / rate) * 1000);
    return { granted, retryAt, reason: `rate: ${vendor} is paced at ${rate}/s for this app` };
  }

  /** The vendor said the app's quota is used up: nothing more to it until `until`. */
  pause(appId: string, vendor: Vendor, until: number, reason: string, now: number): void {
    const b = this.#bucket(appId, vendor, now);
    if (until > b.pausedUntil) {
      b.pausedUntil = until;
      b.reason = `quota: ${reason}`;
    }
  }
}
