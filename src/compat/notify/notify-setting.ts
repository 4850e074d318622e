import type { PushOptions } from '../../app/push.js';
import type { Vendor } from '../../domain/device.js';
import { invalid } from '../../domain/errors.js';
import type { Strategy } from '../../domain/routing.js';
import { UPS_VENDORS } from '../../domain/routing.js';
import { checkString } from '../../domain/validate.js';
import { knownKeys, present } from './shape.js';

/** Seed `distribution_strategy` → native strategy (mxpush is Herald's own channel, ospush the vendors'). */
export const STRATEGY_NAMES = {
  combined: 'combined',
  mxpush_only: 'own_only',
  ospush_only: 'vendor_only',
} as const satisfies Record<string, Strategy>;

/**
 * Seed `ospush_sequence` entries → native vendors. `ups` is the Chinese phone makers' channels;
 * `flyme` is Meizu's push (the seed's override block and task figures call it so); `apns` is not in
 * the seed's list but is accepted to place APNs explicitly.
 */
export const SEQUENCE_NAMES: Readonly<Record<string, readonly Vendor[]>> = {
  ups: UPS_VENDORS,
  fcm: ['fcm'],
  huawei: ['huawei'],
  xiaomi: ['xiaomi'],
  oppo: ['oppo'],
  vivo: ['vivo'],
  meizu: ['meizu'],
  flyme: ['meizu'],
  apns: ['apns'],
};

/** The seed's default sequence when none is given. */
export const DEFAULT_SEQUENCE = ['ups', 'fcm'] as const;

/**
 * The sequence as native vendors: groups expanded, a vendor named twice kept at its first place
 * (`["huawei", "ups"]` = Huawei, then the other makers). The seed's sequence lists Android channels
 * only; APNs, an iOS device's only vendor channel, is appended unless placed, so "ospush" still
 * reaches iPhones.
 */
export function toVendors(sequence: readonly string[]): Vendor[] {
  const out: Vendor[] = [];
  for (const [i, name] of sequence.entries()) {
    const vendors = typeof name === 'string' ? SEQUENCE_NAMES[name] : undefined;
    if (!vendors || !Object.hasOwn(SEQUENCE_NAMES, name))
      throw invalid(
        `setting.ospush_sequence[${i}]`,
        `must be one of ${Object.keys(SEQUENCE_NAMES).join(', ')}`,
      );
    for (const v of vendors) if (!out.includes(v)) out.push(v);
  }
  if (!out.includes('apns')) out.push('apns');
  return out;
}

type RoutingOptions = Pick<PushOptions, 'requestId' | 'strategy' | 'vendors'>;

/** `setting` (may be absent or null) → native options: dedup key, strategy and vendor sequence. */
export function toRoutingOptions(raw: unknown): RoutingOptions {
  if (!present(raw)) return { strategy: 'combined', vendors: toVendors(DEFAULT_SEQUENCE) };
  const s = knownKeys('setting', raw, ['request_id', 'distribution_strategy', 'ospush_sequence']);
  const strategyName = present(s.distribution_strategy) ? s.distribution_strategy : 'combined';
  if (typeof strategyName !== 'string' || !Object.hasOwn(STRATEGY_NAMES, strategyName))
    throw invalid(
      'setting.distribution_strategy',
      `must be one of ${Object.keys(STRATEGY_NAMES).join(', ')}`,
    );
  let sequence: readonly string[] = DEFAULT_SEQUENCE;
  if (present(s.ospush_sequence)) {
    if (!Array.isArray(s.ospush_sequence)) throw invalid('setting.ospush_sequence', 'must be an array');
    // An empty list is the seed's "empty": the default sequence.
    if (s.ospush_sequence.length > 0) sequence = s.ospush_sequence as string[];
  }
  // "可为空,为空则不去重": an empty request id means no deduplication, not the id "".
  const requestId =
    present(s.request_id) && s.request_id !== ''
      ? checkString('setting.request_id', s.request_id, { max: 100 })
      : undefined;
  return {
    ...(requestId !== undefined ? { requestId } : {}),
    strategy: STRATEGY_NAMES[strategyName as keyof typeof STRATEGY_NAMES],
    vendors: toVendors(sequence),
  };
}
