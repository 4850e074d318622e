import type { Vendor } from './device.js';
import { VENDORS } from './device.js';
import { invalid } from './errors.js';
import { checkOneOf } from './validate.js';

/**
 * How a push reaches each device (seed 004 `distribution_strategy`):
 * - `combined`: Herald's own channel first; a vendor channel when the device has not acknowledged
 *   within `fallbackAfterMs` (it is offline, or its socket is dead and nobody knows yet);
 * - `own_only`: only the own channel (the device gets it when it next connects);
 * - `vendor_only`: only vendor channels.
 */
export const STRATEGIES = ['combined', 'own_only', 'vendor_only'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * Vendors tried when a push names no sequence: the phone makers' own channels first (they reach a
 * device whose app is not running, on phones without Google services), then FCM, APNs, Web Push,
 * and JPush last (it is a relay to the others).
 */
export const DEFAULT_VENDOR_ORDER: readonly Vendor[] = [
  'huawei',
  'xiaomi',
  'oppo',
  'vivo',
  'meizu',
  'fcm',
  'apns',
  'webpush',
  'jpush',
];

/** Seed 004's `ups`: the Chinese phone makers' channels, in DEFAULT_VENDOR_ORDER. */
export const UPS_VENDORS: readonly Vendor[] = ['huawei', 'xiaomi', 'oppo', 'vivo', 'meizu'];

/** Per-vendor override blocks a push may carry; each sender reads its own (and `ios`/`android` for its platform). */
export const OVERRIDE_KEYS = [
  'ios',
  'apns',
  'android',
  'fcm',
  'huawei',
  'xiaomi',
  'oppo',
  'vivo',
  'flyme',
  'meizu',
  'jpush',
  'webpush',
] as const;

/** Two seconds covers a connected device's ack (tens of ms) with room for a slow mobile link. */
export const DEFAULT_FALLBACK_MS = 2000;
export const MAX_FALLBACK_MS = 24 * 3600 * 1000;

export interface Routing {
  readonly strategy: Strategy;
  /** Vendor sequence: the first for which the device has a live token is used, the next on a hard failure. */
  readonly vendors: readonly Vendor[];
  readonly fallbackAfterMs: number;
  readonly overrides: Readonly<Record<string, Readonly<Record<string, unknown>>>> | null;
}

export const DEFAULT_ROUTING: Routing = {
  strategy: 'combined',
  vendors: DEFAULT_VENDOR_ORDER,
  fallbackAfterMs: DEFAULT_FALLBACK_MS,
  overrides: null,
};

export interface RoutingInput {
  readonly strategy?: string;
  readonly vendors?: readonly string[];
  readonly fallbackAfterMs?: number;
  readonly overrides?: Record<string, unknown>;
}

/** Checks a push's routing options; field names are those of the native API's `options`. */
export function validateRouting(o: RoutingInput, defaultFallbackMs = DEFAULT_FALLBACK_MS): Routing {
  const strategy = checkOneOf('options.strategy', o.strategy ?? 'combined', STRATEGIES);
  let vendors: readonly Vendor[] = DEFAULT_VENDOR_ORDER;
  if (o.vendors !== undefined) {
    if (!Array.isArray(o.vendors) || o.vendors.length === 0 || o.vendors.length > VENDORS.length)
      throw invalid('options.vendors', `must be a list of 1 to ${VENDORS.length} vendors`);
    const seen = new Set<Vendor>();
    for (const [i, v] of o.vendors.entries()) seen.add(checkOneOf(`options.vendors[${i}]`, v, VENDORS));
    if (seen.size !== o.vendors.length) throw invalid('options.vendors', 'names a vendor twice');
    vendors = [...seen];
  }
  const fallbackAfterMs = o.fallbackAfterMs ?? defaultFallbackMs;
  if (!Number.isInteger(fallbackAfterMs) || fallbackAfterMs < 0 || fallbackAfterMs > MAX_FALLBACK_MS)
    throw invalid('options.fallbackAfterMs', `must be an integer 0..${MAX_FALLBACK_MS}`);
  let overrides: Record<string, Record<string, unknown>> | null = null;
  if (o.overrides !== undefined) {
    if (typeof o.overrides !== 'object' || o.overrides === null || Array.isArray(o.overrides))
      throw invalid('options.overrides', 'must be an object');
    overrides = {};
    for (const [key, block] of Object.entries(o.overrides)) {
      checkOneOf(`options.overrides.${key}`, key, OVERRIDE_KEYS);
      if (typeof block !== 'object' || block === null || Array.isArray(block))
        throw invalid(`options.overrides.${key}`, 'must be an object');
      overrides[key] = block as Record<string, unknown>;
    }
  }
  return { strategy, vendors, fallbackAfterMs, overrides };
}

/** Where a new delivery starts: on the own channel, with a vendor leg due at some time, or both. */
export interface InitialLeg {
  /** 'ws': the own channel may deliver it; 'vendor': only vendors may. */
  readonly channel: 'ws' | 'vendor';
  readonly vendorDueAt: number | null;
  /**
   * The leg is a fallback (combined): only devices holding some vendor token get it, so the many
   * own-channel-only devices cost no vendor bookkeeping. A vendor_only leg is always created, so a
   * device no vendor can reach fails visibly.
   */
  readonly onlyWithToken: boolean;
}

export function initialLeg(routing: Routing | undefined, now: number): InitialLeg {
  const r = routing ?? DEFAULT_ROUTING;
  if (r.strategy === 'own_only') return { channel: 'ws', vendorDueAt: null, onlyWithToken: false };
  if (r.strategy === 'vendor_only') return { channel: 'vendor', vendorDueAt: now, onlyWithToken: false };
  return { channel: 'ws', vendorDueAt: now + r.fallbackAfterMs, onlyWithToken: true };
}
