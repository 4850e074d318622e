import type { Audience } from './audience.js';
import type { DeliveryCounts } from './delivery.js';

export const TASK_STATUSES = [
  'scheduled',
  'pending',
  'sending',
  'sent',
  'cancelled',
  'expired',
  'failed',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface Task {
  readonly id: string;
  readonly appId: string;
  readonly messageId: string;
  readonly requestId: string | null;
  readonly audience: Audience;
  readonly testOnly: boolean;
  readonly status: TaskStatus;
  /** Devices targeted so far (final once status is `sent`). */
  readonly targeted: number;
  /** When a scheduled task becomes due (epoch ms); null = at once. */
  readonly sendAt: number | null;
  /** At most this many devices per second (null: as fast as it goes). */
  readonly throttle: number | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** "HH:MM": delivered at this local time in each device's time zone, in waves (domain/local-time.ts). */
  readonly localTime?: string;
}

/** One channel's share of a task (seed 004's `<channel>_target/_sent/_received`, and every later stage). */
export interface ChannelCounts {
  /** Devices this channel was asked to reach. */
  readonly target: number;
  /** Handed over: written to the device's socket (own channel), accepted by the vendor (vendors). */
  readonly sent: number;
  /** Acknowledged by the device, then shown, then tapped (each counts the devices that got at least that far). */
  readonly received: number;
  readonly displayed: number;
  readonly clicked: number;
  /** Given up on this channel. */
  readonly failed: number;
  readonly revoked: number;
  readonly expired: number;
  /** Vendor legs still waiting (backoff, quota or pacing); always 0 for the own channel. */
  readonly pending: number;
}

export function emptyChannelCounts(): ChannelCounts {
  return {
    target: 0,
    sent: 0,
    received: 0,
    displayed: 0,
    clicked: 0,
    failed: 0,
    revoked: 0,
    expired: 0,
    pending: 0,
  };
}

/** `own` is Herald's own channel (seed 004's mxpush); vendors appear once the task used them. */
export type TaskChannels = Readonly<Record<string, ChannelCounts>>;

export interface TaskWithCounts extends Task {
  readonly counts: DeliveryCounts;
  readonly channels: TaskChannels;
}
