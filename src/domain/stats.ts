/**
 * Per-app delivery statistics in hour buckets. Each delivery is counted at most once per stage and
 * channel, in the hour the stage was reached: a device that reports a later stage first (a receipt
 * overtaking the "sent" mark) is counted at every stage it skipped, so sent ≥ received ≥ displayed ≥ clicked.
 */
export const STAT_METRICS = [
  'target',
  'sent',
  'received',
  'displayed',
  'clicked',
  'failed',
  'revoked',
  'expired',
] as const;
export type StatMetric = (typeof STAT_METRICS)[number];

/**
 * `own` is Herald's own channel, a vendor name is that vendor's channel, and `all` holds what is
 * about a delivery whatever channel carries it: target, revoked, expired, and the failure of a
 * delivery no vendor could even be tried for.
 */
export type StatChannel = string;
export const OWN_CHANNEL = 'own';
export const ANY_CHANNEL = 'all';

export const HOUR_MS = 3_600_000;

/** The start (epoch ms, UTC) of the hour holding `at`. */
export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/** One counter going up: `count` more of `metric` on `channel` for `appId` in the hour starting at `hour`. */
export interface StatIncrement {
  readonly appId: string;
  readonly hour: number;
  readonly channel: StatChannel;
  readonly metric: StatMetric;
  readonly count: number;
}

/** One hour of one channel: every metric, zero when nothing happened. */
export type HourlyStat = { readonly hour: number; readonly channel: StatChannel } & Readonly<
  Record<StatMetric, number>
>;
