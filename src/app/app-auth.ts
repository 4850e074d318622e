import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { App } from '../domain/app.js';
import type { Clock } from '../domain/clock.js';
import { HeraldError } from '../domain/errors.js';
import type { Store } from '../store/store.js';

/** Apps are looked up on every API call; a short cache spares the store without keeping a rotated secret alive long. */
const CACHE_TTL_MS = 5_000;

export interface SignedRequest {
  readonly appKey: string;
  /** Unix seconds, as sent in X-Herald-Timestamp. */
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
  readonly method: string;
  /** Path with query string, as sent. */
  readonly path: string;
  readonly body: string;
}

/**
 * The string an app signs: method, path, timestamp, nonce and the body's SHA-256, one per line.
 * Exported so clients (CLI, tests, docs) compute exactly what the server checks.
 */
export function signingString(r: Omit<SignedRequest, 'appKey' | 'signature'>): string {
  const bodyHash = createHash('sha256').update(r.body).digest('hex');
  return `${r.method.toUpperCase()}\n${r.path}\n${r.timestamp}\n${r.nonce}\n${bodyHash}`;
}

export function sign(secret: string, r: Omit<SignedRequest, 'appKey' | 'signature'>): string {
  return createHmac('sha256', secret).update(signingString(r)).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Authenticates app API calls: HTTP Basic appKey:masterSecret, or an HMAC-SHA256 signature with a timestamp window and single-use nonces. */
export class AppAuthenticator {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #cache = new Map<string, { app: App; until: number }>();
  /** Nonces seen within the window. Per node: a cluster should pin a client to a node or accept a replay across nodes within the window. */
  readonly #nonces = new Map<string, number>();

  constructor(store: Store, clock: Clock, windowSec: number) {
    this.#store = store;
    this.#clock = clock;
    this.#windowMs = windowSec * 1000;
  }

  async basic(appKey: string, secret: string): Promise<App> {
    const app = await this.#lookup(appKey);
    if (!app || !safeEqual(app.masterSecret, secret))
      throw new HeraldError('unauthorized', 'appKey or masterSecret is wrong');
    return app;
  }

  async signed(r: SignedRequest): Promise<App> {
    const now = this.#clock.now();
    const ts = Number(r.timestamp) * 1000;
    if (!Number.isFinite(ts) || Math.abs(now - ts) > this.#windowMs) {
      throw new HeraldError(
        'signature_expired',
        `X-Herald-Timestamp must be unix seconds within ${this.#windowMs / 1000} s of server time`,
        {
          field: 'X-Herald-Timestamp',
        },
      );
    }
    if (r.nonce.length < 8 || r.nonce.length > 128) {
      throw new HeraldError('unauthorized', 'X-Herald-Nonce must be 8 to 128 characters', {
        field: 'X-Herald-Nonce',
      });
    }
    const app = await this.#lookup(r.appKey);
    if (!app || !safeEqual(sign(app.masterSecret, r), r.signature.toLowerCase())) {
      throw new HeraldError('unauthorized', 'signature does not match');
    }
    const key = `${r.appKey}\u0000${r.nonce}`;
    this.#sweepNonces(now);
    if (this.#nonces.has(key))
      throw new HeraldError('replayed_request', 'this nonce was already used', { field: 'X-Herald-Nonce' });
    this.#nonces.set(key, now + 2 * this.#windowMs);
    return app;
  }

  /**
   * The app holding this key, or undefined. It proves nothing about the caller: it exists for facades
   * whose own signature scheme needs the master secret (seed 001's md5 token), and they must check
   * that signature before trusting the app. Cached like every lookup here.
   */
  byKey(appKey: string): Promise<App | undefined> {
    return this.#lookup(appKey);
  }

  /** The accepted clock skew of signed requests (HERALD_SIGNATURE_WINDOW_SEC), in ms. */
  get windowMs(): number {
    return this.#windowMs;
  }

  /** Whether a client timestamp (epoch ms) is within the signature window of server time, so every signing scheme shares one window. */
  isFresh(timestampMs: number): boolean {
    return Number.isFinite(timestampMs) && Math.abs(this.#clock.now() - timestampMs) <= this.#windowMs;
  }

  /** Drops a cached app (after its secret rotated or it was deleted). */
  forget(appKey: string): void {
    this.#cache.delete(appKey);
  }

  async #lookup(appKey: string): Promise<App | undefined> {
    const now = this.#clock.now();
    const hit = this.#cache.get(appKey);
    if (hit && hit.until > now) return hit.app;
    const app = await this.#store.apps.getByKey(appKey);
    // Only hits are cached: an app created a moment ago must work at once.
    if (app) this.#cache.set(appKey, { app, until: now + CACHE_TTL_MS });
    return app;
  }

  #sweepNonces(now: number): void {
    // Insertion order is expiry order, so stop at the first live one.
    for (const [k, until] of this.#nonces) {
      if (until > now) break;
      this.#nonces.delete(k);
    }
  }
}
