import type { Audience } from '../domain/audience.js';
import { validateAudience } from '../domain/audience-validate.js';
import type { Store } from '../store/store.js';

/** Answers "whom would this reach?" without sending anything. */
export class AudienceService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  count(appId: string, audience: unknown, testOnly = false): Promise<{ devices: number; users: number }> {
    const checked: Audience = validateAudience(audience);
    return this.#store.devices.countAudience(appId, { audience: checked, testOnly });
  }
}
