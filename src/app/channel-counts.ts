import type { ChannelCounts, TaskChannels } from '../domain/task.js';
import type { ChannelCountRow } from '../store/store.js';

export interface ChannelTally extends ChannelCounts {
  /** Vendor legs still waiting (backoff, quota or pacing). */
  readonly pending: number;
}

const zero = (): { target: number; sent: number; received: number; failed: number; pending: number } => ({
  target: 0,
  sent: 0,
  received: 0,
  failed: 0,
  pending: 0,
});

/**
 * Per-channel figures of one message. `own` counts every delivery the own channel was asked to
 * reach; what a vendor delivered is credited to that vendor, not to `own`. A device is counted on
 * the last vendor tried for it.
 */
export function tallyChannels(rows: readonly ChannelCountRow[]): TaskChannels {
  const out: Record<string, ReturnType<typeof zero>> = { own: zero() };
  for (const r of rows) {
    const byVendor = r.vendorState === 'sent';
    if (r.ownChannel) {
      const own = out.own!;
      own.target += r.n;
      if (!byVendor && r.sent) own.sent += r.n;
      if (!byVendor && r.received) own.received += r.n;
      if (!r.vendor && r.failed) own.failed += r.n;
    }
    if (r.vendor) {
      const v = out[r.vendor] ?? zero();
      out[r.vendor] = v;
      v.target += r.n;
      if (byVendor) v.sent += r.n;
      if (byVendor && r.received) v.received += r.n;
      if (r.vendorState === 'failed') v.failed += r.n;
      if (r.vendorState === 'due') v.pending += r.n;
    }
  }
  return out;
}
