import type { HeraldClient, HeraldClientEvents } from '../../sdk/index.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value; rejects after `timeoutMs` naming `label`. */
export async function waitFor<T>(
  label: string,
  probe: () => T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(5);
  }
}

/** Resolves with the next payload of `event`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof HeraldClientEvents>(
  client: HeraldClient,
  event: K,
  timeoutMs = 5000,
): Promise<HeraldClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${String(event)}' event`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
