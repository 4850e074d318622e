import type { App } from '../domain/app.js';
import type { Clock } from '../domain/clock.js';
import { invalid, notFound } from '../domain/errors.js';
import { validateFrequencyCap } from '../domain/frequency-cap.js';
import { newAppKey, newId, newSecret } from '../domain/ids.js';
import { validateQuietHours } from '../domain/quiet-hours.js';
import type { PageRequest, Store } from '../store/store.js';
import type { AppAuthenticator } from './app-auth.js';

const MAX_NAME = 100;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME)
    throw invalid('name', `must be 1 to ${MAX_NAME} characters`);
  return trimmed;
}

/** Tenants: create, list, rename, rotate the master secret, delete. Admin-only. */
export class AppAdmin {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #auth: AppAuthenticator;

  constructor(store: Store, clock: Clock, auth: AppAuthenticator) {
    this.#store = store;
    this.#clock = clock;
    this.#auth = auth;
  }

  async create(name: string): Promise<App> {
    const now = this.#clock.now();
    const app: App = {
      id: newId(),
      name: checkName(name),
      appKey: newAppKey(),
      masterSecret: newSecret(),
      quietHours: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.#store.apps.insert(app);
    return app;
  }

  list(page: PageRequest): Promise<App[]> {
    return this.#store.apps.list(page);
  }

  async get(id: string): Promise<App> {
    const app = await this.#store.apps.get(id);
    if (!app) throw notFound('app');
    return app;
  }

  /** Renames and/or sets quiet hours and the frequency cap (null clears either). */
  async update(
    id: string,
    patch: { name?: string; quietHours?: unknown; frequencyCap?: unknown },
  ): Promise<App> {
    const app = await this.#store.apps.update(
      id,
      {
        ...(patch.name !== undefined ? { name: checkName(patch.name) } : {}),
        ...(patch.quietHours !== undefined
          ? { quietHours: patch.quietHours === null ? null : validateQuietHours(patch.quietHours) }
          : {}),
        ...(patch.frequencyCap !== undefined
          ? { frequencyCap: patch.frequencyCap === null ? null : validateFrequencyCap(patch.frequencyCap) }
          : {}),
      },
      this.#clock.now(),
    );
    if (!app) throw notFound('app');
    // The authenticator caches apps: drop this one so the new settings apply to the next push.
    this.#auth.forget(app.appKey);
    return app;
  }

  /** A new master secret; the old one stops working at once on this node (others within the auth cache TTL). */
  async rotateSecret(id: string): Promise<App> {
    const app = await this.#store.apps.update(id, { masterSecret: newSecret() }, this.#clock.now());
    if (!app) throw notFound('app');
    this.#auth.forget(app.appKey);
    return app;
  }

  async delete(id: string): Promise<void> {
    const app = await this.#store.apps.get(id);
    if (!app || !(await this.#store.apps.delete(id))) throw notFound('app');
    this.#auth.forget(app.appKey);
  }
}
