import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newId } from '../../domain/ids.js';
import { T0 } from './fixtures.js';
import type { Harness } from './harness.js';

const HOUR = 3_600_000;

/** FrequencyRepository: exact per device, also when dispatches race for one device. */
export function frequencyTests(h: Harness): void {
  describe('frequency cap counters', () => {
    test('at most max per window, a new window after it, devices counted separately', async () => {
      const store = h.store();
      const cap = { max: 2, hours: 1 };
      const [a, b] = [newId(), newId()];
      assert.deepEqual(await store.frequency.admit([a, b], cap, T0), { admitted: [a, b], capped: [] });
      assert.deepEqual(await store.frequency.admit([a], cap, T0 + 1), { admitted: [a], capped: [] });
      assert.deepEqual(await store.frequency.admit([a, b], cap, T0 + 2), { admitted: [b], capped: [a] });
      assert.deepEqual(await store.frequency.admit([a, b], cap, T0 + 3), { admitted: [], capped: [a, b] });
      assert.deepEqual(await store.frequency.admit([a], cap, T0 + HOUR), { admitted: [a], capped: [] });
    });

    test('concurrent admits of one device let exactly max through', async () => {
      const store = h.store();
      const d = newId();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.frequency.admit([d], { max: 3, hours: 24 }, T0 + i)),
      );
      assert.equal(results.filter((r) => r.admitted.length === 1).length, 3);
    });
  });
}
