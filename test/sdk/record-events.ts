import type { HeraldClient, HeraldClientEvents } from '../../sdk/index.js';

/** Every event a client emitted, by name, in order. */
export type EventLog = { [K in keyof HeraldClientEvents]: HeraldClientEvents[K][] };

/** Subscribes to all events of `client` and logs their payloads. */
export function recordEvents(client: HeraldClient): EventLog {
  const log: EventLog = {
    open: [],
    message: [],
    revoke: [],
    replace: [],
    pong: [],
    close: [],
    error: [],
    reconnecting: [],
  };
  const names = Object.keys(log) as (keyof HeraldClientEvents)[];
  for (const name of names) {
    client.on(name, (payload) => {
      (log[name] as unknown[]).push(payload);
    });
  }
  return log;
}
