import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { emptyCounts } from '../../domain/delivery.js';
import { newId } from '../../domain/ids.js';
import type { DeliveryRow } from '../store.js';
import { allPages, newApp, newTask, sorted, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

function queuedRow(messageId: string, deviceId: string, now: number): DeliveryRow {
  return {
    messageId,
    deviceId,
    status: 'queued',
    channel: 'ws',
    pendingControl: null,
    updatedAt: now,
    sentAt: null,
    receivedAt: null,
    displayedAt: null,
    clickedAt: null,
    vendor: null,
    // Combined (the default) gives a vendor leg only to devices holding a vendor token; these hold none.
    vendorState: null,
    vendorError: null,
  };
}

const devices = (n: number): string[] => Array.from({ length: n }, () => newId());

/** DeliveryRepository: enqueue, advance, counts, list, get. */
export function deliveryTests(h: Harness): void {
  describe('deliveries: enqueue, advance, counts, list, get', () => {
    test('enqueue creates queued deliveries and leaves existing pairs alone', async () => {
      const store = h.store();
      const { message } = await newTask(store, (await newApp(store)).id);
      const [d1, d2, d3, d4] = devices(4) as [string, string, string, string];
      assert.equal(await store.deliveries.enqueue(message, [d1, d2, d3], T0), 3);
      assert.deepEqual(await store.deliveries.get(message.id, d1), queuedRow(message.id, d1, T0));
      await store.deliveries.advance([{ messageId: message.id, deviceId: d1, status: 'sent' }], T0 + 1);
      assert.equal(await store.deliveries.enqueue(message, [d1, d2, d3], T0 + 2), 0);
      assert.equal(await store.deliveries.enqueue(message, [d3, d4, d4], T0 + 3), 1);
      assert.equal(await store.deliveries.enqueue(message, [], T0 + 4), 0);
      assert.equal(
        (await store.deliveries.get(message.id, d1))?.status,
        'sent',
        'an existing row is not reset',
      );
      assert.deepEqual(await store.deliveries.get(message.id, d4), queuedRow(message.id, d4, T0 + 3));
      assert.deepEqual(await store.deliveries.counts(message.id), { ...emptyCounts(), queued: 3, sent: 1 });
    });

    test('enqueue takes thousands of devices in one call', async () => {
      const store = h.store();
      const { message } = await newTask(store, (await newApp(store)).id);
      const many = devices(6100);
      assert.equal(await store.deliveries.enqueue(message, many, T0), 6100);
      const more = devices(10);
      assert.equal(await store.deliveries.enqueue(message, [...many, ...more], T0), 10);
      assert.deepEqual(await store.deliveries.counts(message.id), { ...emptyCounts(), queued: 6110 });
      const { items } = await allPages(
        (p) => store.deliveries.list(message.id, p),
        (d) => d.deviceId,
        1000,
      );
      assert.deepEqual(
        items.map((d) => d.deviceId),
        sorted([...many, ...more]),
      );
    });

    test('advance moves forward only and stamps each time once', async () => {
      const store = h.store();
      const { message } = await newTask(store, (await newApp(store)).id);
      const [d1, d2, d3] = devices(3) as [string, string, string];
      await store.deliveries.enqueue(message, [d1, d2, d3], T0);
      const step = (deviceId: string, status: 'sent' | 'received' | 'displayed' | 'clicked', now: number) =>
        store.deliveries.advance([{ messageId: message.id, deviceId, status }], now).then((r) => r.changed);

      assert.equal(await step(d1, 'sent', T0 + 1), 1);
      assert.equal(await step(d1, 'sent', T0 + 2), 0);
      assert.equal(await step(d1, 'received', T0 + 3), 1);
      assert.equal(await step(d1, 'displayed', T0 + 4), 1);
      assert.equal(await step(d1, 'clicked', T0 + 5), 1);
      assert.equal(await step(d1, 'received', T0 + 6), 0);
      assert.equal(await step(d1, 'displayed', T0 + 7), 0);
      assert.deepEqual(await store.deliveries.get(message.id, d1), {
        ...queuedRow(message.id, d1, T0),
        status: 'clicked',
        vendorState: null,
        updatedAt: T0 + 5,
        sentAt: T0 + 1,
        receivedAt: T0 + 3,
        displayedAt: T0 + 4,
        clickedAt: T0 + 5,
      });

      // A receipt that overtakes "sent" fills sentAt; a later "sent" changes nothing.
      assert.equal(await step(d2, 'received', T0 + 10), 1);
      assert.equal(await step(d2, 'sent', T0 + 11), 0);
      assert.deepEqual(await store.deliveries.get(message.id, d2), {
        ...queuedRow(message.id, d2, T0),
        status: 'received',
        vendorState: null,
        updatedAt: T0 + 10,
        sentAt: T0 + 10,
        receivedAt: T0 + 10,
      });

      // Straight to clicked from sent keeps the earlier sentAt.
      await step(d3, 'sent', T0 + 20);
      assert.equal(await step(d3, 'clicked', T0 + 21), 1);
      assert.deepEqual(await store.deliveries.get(message.id, d3), {
        ...queuedRow(message.id, d3, T0),
        status: 'clicked',
        vendorState: null,
        updatedAt: T0 + 21,
        sentAt: T0 + 20,
        clickedAt: T0 + 21,
      });
      assert.equal(await step(newId(), 'sent', T0), 0);
    });

    test('advance applies a batch over several messages and statuses', async () => {
      const store = h.store();
      const appId = (await newApp(store)).id;
      const m1 = (await newTask(store, appId)).message;
      const m2 = (await newTask(store, appId)).message;
      const ds = devices(1200);
      await store.deliveries.enqueue(m1, ds, T0);
      await store.deliveries.enqueue(m2, ds.slice(0, 2), T0);
      const changed = await store.deliveries.advance(
        [
          ...ds.map((deviceId) => ({ messageId: m1.id, deviceId, status: 'sent' as const })),
          { messageId: m2.id, deviceId: ds[0] ?? '', status: 'displayed' },
          { messageId: m2.id, deviceId: newId(), status: 'displayed' },
        ],
        T0 + 1,
      );
      assert.equal(changed.changed, 1201);
      assert.deepEqual(await store.deliveries.counts(m1.id), { ...emptyCounts(), sent: 1200 });
      assert.deepEqual(await store.deliveries.counts(m2.id), { ...emptyCounts(), queued: 1, displayed: 1 });
    });

    test('counts are exact per status and per message', async () => {
      const store = h.store();
      const appId = (await newApp(store)).id;
      const { message } = await newTask(store, appId);
      const other = (await newTask(store, appId)).message;
      const [q, s1, s2, r, dp, c] = devices(6) as [string, string, string, string, string, string];
      await store.deliveries.enqueue(message, [q, s1, s2, r, dp, c], T0);
      await store.deliveries.enqueue(other, [q, s1], T0);
      await store.deliveries.advance(
        [
          { messageId: message.id, deviceId: s1, status: 'sent' },
          { messageId: message.id, deviceId: s2, status: 'sent' },
          { messageId: message.id, deviceId: r, status: 'received' },
          { messageId: message.id, deviceId: dp, status: 'displayed' },
          { messageId: message.id, deviceId: c, status: 'clicked' },
        ],
        T0 + 1,
      );
      assert.deepEqual(await store.deliveries.counts(message.id), {
        ...emptyCounts(),
        queued: 1,
        sent: 2,
        received: 1,
        displayed: 1,
        clicked: 1,
      });
      assert.deepEqual(await store.deliveries.counts(other.id), { ...emptyCounts(), queued: 2 });
      assert.deepEqual(await store.deliveries.counts(newId()), emptyCounts());
    });

    test('list pages by device id; get of an unknown pair is undefined', async () => {
      const store = h.store();
      const { message } = await newTask(store, (await newApp(store)).id);
      const ds = devices(7);
      await store.deliveries.enqueue(message, ds, T0);
      const { items, pages } = await allPages(
        (p) => store.deliveries.list(message.id, p),
        (d) => d.deviceId,
        3,
      );
      assert.equal(pages, 3);
      assert.deepEqual(
        items,
        sorted(ds).map((d) => queuedRow(message.id, d, T0)),
      );
      assert.deepEqual(await store.deliveries.list(newId(), { limit: 10 }), []);
      assert.equal(await store.deliveries.get(message.id, newId()), undefined);
      assert.equal(await store.deliveries.get(newId(), ds[0] ?? ''), undefined);
    });
  });
}
