import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newId } from '../../domain/ids.js';
import { DEFAULT_ROUTING, type Routing } from '../../domain/routing.js';
import type { Store } from '../store.js';
import { newApp, newTask, register, sorted, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

const routing = (strategy: Routing['strategy'], fallbackAfterMs = 2000): Routing => ({
  ...DEFAULT_ROUTING,
  strategy,
  fallbackAfterMs,
});

async function legState(store: Store, messageId: string, deviceId: string) {
  const r = await store.deliveries.get(messageId, deviceId);
  return r && { status: r.status, channel: r.channel, vendor: r.vendor, vendorState: r.vendorState };
}

/** A registered device holding a vendor token: combined pushes give it a vendor leg. */
const tokenHolder = async (store: Store, appId: string) =>
  (await register(store, appId, { vendorTokens: { fcm: `fcm-${newId()}` } })).device.id;

const claimedIds = async (store: Store, now: number, limit = 100_000) =>
  sorted((await store.deliveries.claimVendorDue(now, 30_000, limit)).map((l) => l.deviceId));

/** DeliveryRepository vendor legs and TokenRepository: what the vendor relay relies on. */
export function vendorLegTests(h: Harness): void {
  describe('vendor legs: due, lease, settle, per-channel counts', () => {
    test('the strategy decides the first leg: own_only none, vendor_only due now, combined due after the fallback for token holders', async () => {
      const store = h.store();
      const app = await newApp(store);
      const [a, b, c] = [newId(), newId(), await tokenHolder(store, app.id)];
      const own = (await newTask(store, app.id, { routing: routing('own_only') })).message;
      const vendor = (await newTask(store, app.id, { routing: routing('vendor_only') })).message;
      const combined = (await newTask(store, app.id, { routing: routing('combined', 5000) })).message;
      await store.deliveries.enqueue(own, [a], T0);
      await store.deliveries.enqueue(vendor, [b], T0);
      await store.deliveries.enqueue(combined, [c], T0);
      assert.deepEqual(await legState(store, own.id, a), {
        status: 'queued',
        channel: 'ws',
        vendor: null,
        vendorState: null,
      });
      assert.equal((await legState(store, vendor.id, b))?.channel, 'vendor');
      // vendor_only is owed to nobody on the own channel.
      assert.deepEqual(await store.deliveries.owedTo(b, T0, 10), []);
      const dueNow = await store.deliveries.claimVendorDue(T0, 30_000, 100_000);
      assert.deepEqual(
        dueNow.filter((l) => [a, b, c].includes(l.deviceId)).map((l) => [l.deviceId, l.appId, l.attempts]),
        [[b, app.id, 0]],
      );
      const later = (await claimedIds(store, T0 + 5000)).filter((id) => [a, b, c].includes(id));
      assert.deepEqual(later, [c], 'b is leased; c falls due at T0 + 5000; a never');
    });

    test('a claimed leg is leased: nobody else gets it until the lease runs out', async () => {
      const store = h.store();
      const app = await newApp(store);
      const { message } = await newTask(store, app.id, { routing: routing('vendor_only') });
      const d = newId();
      await store.deliveries.enqueue(message, [d], T0);
      const first = await store.deliveries.claimVendorDue(T0, 1000, 100_000);
      assert.ok(first.some((l) => l.deviceId === d));
      assert.ok(
        !(await store.deliveries.claimVendorDue(T0 + 999, 1000, 100_000)).some((l) => l.deviceId === d),
      );
      assert.ok(
        (await store.deliveries.claimVendorDue(T0 + 1000, 1000, 100_000)).some((l) => l.deviceId === d),
      );
    });

    test('an own-channel receipt ends a waiting leg; a "sent" mark does not', async () => {
      const store = h.store();
      const app = await newApp(store);
      const { message } = await newTask(store, app.id, { routing: routing('combined', 100) });
      const [acked, written] = [await tokenHolder(store, app.id), await tokenHolder(store, app.id)];
      await store.deliveries.enqueue(message, [acked, written], T0);
      await store.deliveries.advance(
        [
          { messageId: message.id, deviceId: acked, status: 'received' },
          { messageId: message.id, deviceId: written, status: 'sent' },
        ],
        T0 + 10,
      );
      assert.equal((await legState(store, message.id, acked))?.vendorState, null);
      const due = await claimedIds(store, T0 + 100);
      assert.ok(due.includes(written), 'written to a socket but never acked: the vendor leg still runs');
      assert.ok(!due.includes(acked));
    });

    test('settling: sent, retry, failed and dropped each leave the row as documented', async () => {
      const store = h.store();
      const app = await newApp(store);
      const vendorOnly = (await newTask(store, app.id, { routing: routing('vendor_only') })).message;
      const combined = (await newTask(store, app.id, { routing: routing('combined', 0) })).message;
      const [s, r, f, fc, x] = [newId(), newId(), newId(), newId(), newId()];
      await store.deliveries.enqueue(vendorOnly, [s, r, f], T0);
      await store.deliveries.enqueue(combined, [fc, x], T0);
      await store.deliveries.claimVendorDue(T0, 30_000, 100_000);
      await store.deliveries.settleVendor(
        [
          { kind: 'sent', messageId: vendorOnly.id, deviceId: s, vendor: 'huawei' },
          {
            kind: 'retry',
            messageId: vendorOnly.id,
            deviceId: r,
            vendor: 'xiaomi',
            dueAt: T0 + 500,
            attempts: 1,
            error: 'retry: 503',
          },
          { kind: 'failed', messageId: vendorOnly.id, deviceId: f, vendor: 'oppo', error: 'no vendor token' },
          { kind: 'failed', messageId: combined.id, deviceId: fc, vendor: null, error: 'no vendor token' },
          { kind: 'dropped', messageId: combined.id, deviceId: x },
        ],
        T0 + 1,
      );
      const sent = await store.deliveries.get(vendorOnly.id, s);
      assert.deepEqual(
        [sent?.status, sent?.vendor, sent?.vendorState, sent?.sentAt],
        ['sent', 'huawei', 'sent', T0 + 1],
      );
      assert.deepEqual(await legState(store, vendorOnly.id, f), {
        status: 'failed',
        channel: 'vendor',
        vendor: 'oppo',
        vendorState: 'failed',
      });
      // Combined: the own channel can still deliver on connect, so the delivery itself has not failed.
      assert.equal((await legState(store, combined.id, fc))?.status, 'queued');
      assert.equal((await store.deliveries.owedTo(fc, T0 + 2, 10)).length, 1);
      assert.equal((await legState(store, combined.id, x))?.vendorState, null);
      const retried = await store.deliveries.claimVendorDue(T0 + 500, 30_000, 100_000);
      const mine = retried.filter((l) => [s, r, f, fc, x].includes(l.deviceId));
      assert.deepEqual(
        mine.map((l) => [l.deviceId, l.vendor, l.attempts]),
        [[r, 'xiaomi', 1]],
      );
      const counts = await store.deliveries.channelCounts(vendorOnly.id);
      const n = (pred: (c: (typeof counts)[number]) => boolean) =>
        counts.filter(pred).reduce((a, c) => a + c.n, 0);
      assert.equal(
        n((c) => c.vendor === 'huawei' && c.vendorState === 'sent' && c.sent),
        1,
      );
      assert.equal(
        n((c) => c.vendor === 'oppo' && c.vendorState === 'failed' && c.status === 'failed'),
        1,
      );
      assert.equal(
        n((c) => c.vendor === 'xiaomi' && c.vendorState === 'due'),
        1,
      );
      assert.equal(
        n((c) => c.ownChannel),
        0,
      );
      assert.equal(
        n(() => true),
        3,
      );
    });

    test('a message a vendor delivered is no longer owed on the own channel', async () => {
      const store = h.store();
      const app = await newApp(store);
      const { message } = await newTask(store, app.id, { routing: routing('combined', 0) });
      const d = newId();
      await store.deliveries.enqueue(message, [d], T0);
      assert.equal((await store.deliveries.owedTo(d, T0, 10)).length, 1);
      await store.deliveries.settleVendor(
        [{ kind: 'sent', messageId: message.id, deviceId: d, vendor: 'fcm' }],
        T0,
      );
      assert.deepEqual(await store.deliveries.owedTo(d, T0, 10), []);
    });

    test('revoke and expiry end a waiting leg', async () => {
      const store = h.store();
      const app = await newApp(store);
      const revoked = (await newTask(store, app.id, { routing: routing('combined', 10) })).message;
      const expiring = (await newTask(store, app.id, { routing: routing('combined', 10), expiresAt: T0 + 5 }))
        .message;
      const [a, b] = [await tokenHolder(store, app.id), await tokenHolder(store, app.id)];
      await store.deliveries.enqueue(revoked, [a], T0);
      await store.deliveries.enqueue(expiring, [b], T0);
      // Both legs wait: so the check below is that revoke and expiry end them, not that none existed.
      assert.equal((await legState(store, revoked.id, a))?.vendorState, 'due');
      assert.equal((await legState(store, expiring.id, b))?.vendorState, 'due');
      await store.deliveries.control(revoked.id, 'revoke', T0 + 1);
      await store.deliveries.expire(T0 + 6, 100);
      const due = await claimedIds(store, T0 + 10);
      assert.ok(!due.includes(a) && !due.includes(b));
    });
  });

  describe('vendor tokens: live, invalidate, health', () => {
    test('live tokens skip stale ones; invalidate clears only the refused token and counts it', async () => {
      const store = h.store();
      const app = await newApp(store);
      const fresh = await register(store, app.id, { vendorTokens: { huawei: 'hw-1', fcm: 'fcm-1' } }, T0);
      const stale = await register(
        store,
        app.id,
        { vendorTokens: { fcm: 'fcm-old' } },
        T0 - 300 * 86_400_000,
      );
      const live = await store.tokens.live([fresh.device.id, stale.device.id], T0 - 270 * 86_400_000);
      assert.deepEqual(live.get(fresh.device.id), { huawei: 'hw-1', fcm: 'fcm-1' });
      assert.equal(live.get(stale.device.id), undefined);
      // A token the device already replaced is not cleared by a late answer about the old one.
      assert.equal(
        await store.tokens.invalidate(app.id, fresh.device.id, 'fcm', 'fcm-previous', T0 + 1),
        false,
      );
      assert.equal(await store.tokens.invalidate(app.id, fresh.device.id, 'fcm', 'fcm-1', T0 + 2), true);
      assert.equal(await store.tokens.invalidate(app.id, fresh.device.id, 'fcm', 'fcm-1', T0 + 3), false);
      assert.deepEqual((await store.tokens.live([fresh.device.id], 0)).get(fresh.device.id), {
        huawei: 'hw-1',
      });
      const health = await store.tokens.health(app.id, T0 - 270 * 86_400_000);
      assert.deepEqual(health, [
        { vendor: 'fcm', active: 0, stale: 1, invalidated: 1, lastInvalidatedAt: T0 + 2 },
        { vendor: 'huawei', active: 1, stale: 0, invalidated: 0, lastInvalidatedAt: null },
      ]);
    });
  });
}
