/** Called with each message published on a subscribed topic. */
export type BusHandler = (message: string) => void;

/**
 * Routes work and deliveries between Herald nodes. Delivery is at-most-once and best effort:
 * everything that matters is in the Store first, so a lost bus message only delays a delivery
 * until the device reconnects or the task is resumed.
 */
export interface Bus {
  /** Sends to every current subscriber of the topic, on every node. */
  publish(topic: string, message: string): Promise<void>;
  /** Starts delivering the topic's messages to `handler`. Resolves once the subscription is live. Returns an unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** Stops delivery and releases connections. Idempotent. */
  close(): Promise<void>;
}
