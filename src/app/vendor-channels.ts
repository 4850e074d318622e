import type { Channel } from '../channels/channel.js';
import type { Clock } from '../domain/clock.js';
import type { Environment } from '../domain/credential.js';
import type { Vendor } from '../domain/device.js';
import type { Logger } from '../observability/logger.js';
import type { Credentials } from './credentials.js';

export interface OpenChannel {
  readonly channel: Channel;
  readonly environment: Environment;
}

interface Entry {
  readonly open: OpenChannel | undefined;
  readonly updatedAt: number | null;
  readonly checkedAt: number;
}

/** A rotated or re-uploaded credential is picked up within this long. */
const RECHECK_MS = 5_000;

/**
 * One sender per app and vendor, built from the app's credential and kept (its connections and
 * auth tokens are the expensive part). The prod credential wins over dev; a credential a vendor
 * refused is skipped until the app uploads it again.
 */
export class VendorChannels {
  readonly #credentials: Credentials;
  readonly #build: (vendor: Vendor, credential: unknown) => Channel;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #entries = new Map<string, Entry>();

  constructor(
    credentials: Credentials,
    build: (vendor: Vendor, credential: unknown) => Channel,
    clock: Clock,
    log: Logger,
  ) {
    this.#credentials = credentials;
    this.#build = build;
    this.#clock = clock;
    this.#log = log;
  }

  async get(appId: string, vendor: Vendor): Promise<OpenChannel | undefined> {
    const key = `${appId}\u0000${vendor}`;
    const now = this.#clock.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.checkedAt < RECHECK_MS) return hit.open;
    const usable = await this.#credentials.usable(appId, vendor);
    if (hit && usable?.updatedAt === hit.updatedAt && usable?.environment === hit.open?.environment) {
      this.#entries.set(key, { ...hit, checkedAt: now });
      return hit.open;
    }
    void hit?.open?.channel.close();
    let open: OpenChannel | undefined;
    if (usable) {
      try {
        open = { channel: this.#build(vendor, usable.credential), environment: usable.environment };
      } catch (err) {
        // Validated on upload; a credential that no longer builds is as good as refused.
        await this.markFailing(appId, vendor, usable.environment, (err as Error).message);
      }
    }
    this.#entries.set(key, { open, updatedAt: usable?.updatedAt ?? null, checkedAt: now });
    return open;
  }

  /** The vendor refused the credential: stop using it and tell the app (credential status `failing`). */
  async markFailing(appId: string, vendor: Vendor, environment: Environment, reason: string): Promise<void> {
    this.#log.warn({ appId, vendor, environment, reason }, 'vendor refused the app credential');
    await this.#credentials.markFailing(appId, vendor, environment, reason);
    const key = `${appId}\u0000${vendor}`;
    void this.#entries.get(key)?.open?.channel.close();
    this.#entries.delete(key);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#entries.values()].map((e) => e.open?.channel.close()));
    this.#entries.clear();
  }
}
