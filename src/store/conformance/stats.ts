import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newId } from '../../domain/ids.js';
import { HOUR_MS, type HourlyStat, STAT_METRICS } from '../../domain/stats.js';
import { newApp, newTask, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

const item = (hour: number, channel: string, counts: Partial<HourlyStat>): HourlyStat =>
  ({
    hour,
    channel,
    ...Object.fromEntries(STAT_METRICS.map((m) => [m, 0])),
    ...counts,
  }) as HourlyStat;

/** StatsRepository: adding upserts, range reads, and advance's exact report of what moved. */
export function statsTests(h: Harness): void {
  describe('stats: hourly counters', () => {
    test('add sums repeats within and across calls; hourly pivots, orders and bounds by hour', async () => {
      const store = h.store();
      const app = (await newApp(store)).id;
      const other = (await newApp(store)).id;
      const [h0, h1, h2] = [T0, T0 + HOUR_MS, T0 + 2 * HOUR_MS];
      await store.stats.add([
        { appId: app, hour: h1, channel: 'own', metric: 'sent', count: 2 },
        { appId: app, hour: h1, channel: 'own', metric: 'sent', count: 3 },
        { appId: app, hour: h0, channel: 'all', metric: 'target', count: 7 },
        { appId: app, hour: h0, channel: 'own', metric: 'received', count: 1 },
        { appId: app, hour: h2, channel: 'huawei', metric: 'failed', count: 1 },
        { appId: other, hour: h0, channel: 'all', metric: 'target', count: 100 },
      ]);
      await store.stats.add([
        { appId: app, hour: h1, channel: 'own', metric: 'sent', count: 1 },
        { appId: app, hour: h0, channel: 'all', metric: 'revoked', count: 0 },
      ]);
      await store.stats.add([]);
      assert.deepEqual(await store.stats.hourly(app, h0, h2 + 1), [
        item(h0, 'all', { target: 7 }),
        item(h0, 'own', { received: 1 }),
        item(h1, 'own', { sent: 6 }),
        item(h2, 'huawei', { failed: 1 }),
      ]);
      assert.deepEqual(
        await store.stats.hourly(app, h1, h2),
        [item(h1, 'own', { sent: 6 })],
        'to is exclusive',
      );
      assert.deepEqual(await store.stats.hourly(app, h0, h2 + 1, 'own'), [
        item(h0, 'own', { received: 1 }),
        item(h1, 'own', { sent: 6 }),
      ]);
      assert.deepEqual(await store.stats.hourly(other, h0, h2), [item(h0, 'all', { target: 100 })]);
      assert.deepEqual(await store.stats.hourly(newId(), h0, h2), []);
    });

    test('thousands of counters in one call; deleting the app deletes them', async () => {
      const store = h.store();
      const app = (await newApp(store)).id;
      const many = Array.from({ length: 1500 }, (_, i) => ({
        appId: app,
        hour: T0 + i * HOUR_MS,
        channel: 'own',
        metric: 'clicked' as const,
        count: i + 1,
      }));
      await store.stats.add([...many, ...many]);
      const back = await store.stats.hourly(app, T0, T0 + 1500 * HOUR_MS);
      assert.equal(back.length, 1500);
      assert.deepEqual(back[1499], item(T0 + 1499 * HOUR_MS, 'own', { clicked: 3000 }));
      assert.ok(await store.apps.delete(app));
      assert.deepEqual(await store.stats.hourly(app, T0, T0 + 1500 * HOUR_MS), []);
    });

    test('advance reports exactly what moved, from where, and on which vendor', async () => {
      const store = h.store();
      const { message } = await newTask(store, (await newApp(store)).id);
      const [q, s, v, r] = [newId(), newId(), newId(), newId()];
      await store.deliveries.enqueue(message, [q, s, v, r], T0);
      await store.deliveries.advance(
        [
          { messageId: message.id, deviceId: s, status: 'sent' },
          { messageId: message.id, deviceId: r, status: 'received' },
        ],
        T0 + 1,
      );
      await store.deliveries.claimVendorDue(T0 + 1_000_000, 1000, 100_000);
      await store.deliveries.settleVendor(
        [{ kind: 'sent', messageId: message.id, deviceId: v, vendor: 'fcm' }],
        T0 + 2,
      );
      const result = await store.deliveries.advance(
        [q, s, v, r, r, newId()].map((deviceId) => ({ messageId: message.id, deviceId, status: 'clicked' })),
        T0 + 3,
      );
      const key = (m: { from: string; vendor: string | null }) => `${m.from}/${m.vendor}`;
      assert.equal(result.changed, 4);
      assert.deepEqual(
        [...result.moves].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
        [
          { messageId: message.id, status: 'clicked', from: 'queued', vendor: null, count: 1 },
          { messageId: message.id, status: 'clicked', from: 'received', vendor: null, count: 1 },
          { messageId: message.id, status: 'clicked', from: 'sent', vendor: 'fcm', count: 1 },
          { messageId: message.id, status: 'clicked', from: 'sent', vendor: null, count: 1 },
        ],
      );
      assert.deepEqual(
        await store.deliveries.advance(
          [q, s].map((deviceId) => ({ messageId: message.id, deviceId, status: 'clicked' })),
          T0 + 4,
        ),
        { changed: 0, moves: [] },
        'a repeated receipt moves nothing',
      );
    });
  });
}
