/** Events an app can subscribe a webhook to. */
export const WEBHOOK_EVENTS = [
  'delivery.sent',
  'delivery.received',
  'delivery.displayed',
  'delivery.clicked',
  'delivery.failed',
  'token.invalidated',
  'task.finished',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEvent {
  readonly type: WebhookEventType;
  /** Epoch ms when it happened. */
  readonly at: number;
  readonly data: Readonly<Record<string, string | number | null>>;
}

export interface Webhook {
  readonly id: string;
  readonly appId: string;
  readonly url: string;
  /** Signs every call (HMAC-SHA256); shown once, on creation. */
  readonly secret: string;
  readonly events: readonly WebhookEventType[];
  readonly createdAt: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly appId: string;
  readonly payload: string;
  readonly eventCount: number;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}
