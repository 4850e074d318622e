import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { DeliveryStatus, PendingControl } from '../../domain/delivery.js';
import { emptyCounts } from '../../domain/delivery.js';
import { newId } from '../../domain/ids.js';
import type { Message } from '../../domain/message.js';
import type { OwedItem, StatusUpdate, Store } from '../store.js';
import { newApp, newTask, sorted, T0, type TaskOptions } from './fixtures.js';
import type { Harness } from './harness.js';

/** A message delivered to `devices`, each moved to the given status. */
async function delivered(
  store: Store,
  appId: string,
  devices: Record<string, 'queued' | StatusUpdate['status']>,
  opts: TaskOptions = {},
): Promise<Message> {
  const { message } = await newTask(store, appId, opts);
  await store.deliveries.enqueue(message, Object.keys(devices), T0);
  const updates = Object.entries(devices).flatMap(([deviceId, status]) =>
    status === 'queued' ? [] : [{ messageId: message.id, deviceId, status }],
  );
  await store.deliveries.advance(updates, T0 + 1);
  return message;
}

async function state(store: Store, messageId: string, deviceId: string) {
  const row = await store.deliveries.get(messageId, deviceId);
  return row && { status: row.status, pendingControl: row.pendingControl };
}

const held = (status: DeliveryStatus, pendingControl: PendingControl | null) => ({ status, pendingControl });

/** DeliveryRepository: owedTo, control, clearControl, expire. */
export function owedTests(h: Harness): void {
  describe('deliveries: owedTo, control, clearControl, expire', () => {
    test('owedTo lists what the device is owed, oldest first, up to the limit', async () => {
      const store = h.store();
      const appId = (await newApp(store)).id;
      const d = newId();
      const other = newId();
      const now = T0 + 100;
      const mQueued = await delivered(store, appId, { [d]: 'queued', [other]: 'queued' });
      const mSent = await delivered(store, appId, { [d]: 'sent' });
      await delivered(store, appId, { [d]: 'received' });
      await delivered(store, appId, { [d]: 'clicked' });
      await delivered(store, appId, { [d]: 'queued' }, { expiresAt: T0 + 10 });
      await delivered(store, appId, { [d]: 'sent' }, { expiresAt: now });
      const mLater = await delivered(store, appId, { [d]: 'sent' }, { expiresAt: now + 1 });
      const mRevoked = await delivered(store, appId, { [d]: 'queued' });
      await store.tasks.markRevoked(appId, mRevoked.id, T0 + 2);
      const mRevokeHeld = await delivered(store, appId, { [d]: 'received' });
      await store.tasks.markRevoked(appId, mRevokeHeld.id, T0 + 2);
      assert.deepEqual((await store.deliveries.control(mRevokeHeld.id, 'revoke', T0 + 2)).held, [d]);
      const mReplaceHeld = await delivered(store, appId, { [d]: 'displayed' });
      await store.tasks.replaceContent(appId, mReplaceHeld.id, { kind: 'notification', title: 'v2' }, T0 + 3);
      assert.deepEqual((await store.deliveries.control(mReplaceHeld.id, 'replace', T0 + 3)).held, [d]);
      const mReplaceQueued = await delivered(store, appId, { [d]: 'queued' });
      await store.tasks.replaceContent(
        appId,
        mReplaceQueued.id,
        { kind: 'notification', title: 'v2' },
        T0 + 3,
      );
      assert.deepEqual(await store.deliveries.control(mReplaceQueued.id, 'replace', T0 + 3), {
        held: [],
        changed: 0,
      });
      // Expired, but the device holds it: it must still hear of the revoke.
      const mExpiredRevoke = await delivered(store, appId, { [d]: 'sent' }, { expiresAt: T0 + 10 });
      await store.deliveries.control(mExpiredRevoke.id, 'revoke', T0 + 4);
      const mOther = await delivered(store, appId, { [other]: 'queued' });

      const item = async (
        m: Message,
        status: DeliveryStatus,
        control: PendingControl | null,
      ): Promise<OwedItem> => {
        const message = await store.tasks.getMessage(appId, m.id);
        assert.ok(message);
        return { message, status, control };
      };
      const expected = [
        await item(mQueued, 'queued', null),
        await item(mSent, 'sent', null),
        await item(mLater, 'sent', null),
        await item(mRevokeHeld, 'revoked', 'revoke'),
        await item(mReplaceHeld, 'replaced', 'replace'),
        await item(mReplaceQueued, 'queued', null),
        await item(mExpiredRevoke, 'revoked', 'revoke'),
      ].sort((a, b) => (a.message.id < b.message.id ? -1 : 1));
      assert.equal(expected.find((i) => i.message.id === mReplaceHeld.id)?.message.version, 2);

      assert.deepEqual(await store.deliveries.owedTo(d, now, 100), expected);
      assert.deepEqual(await store.deliveries.owedTo(d, now, 3), expected.slice(0, 3));
      // Pages continue after the last message id of the previous page.
      assert.deepEqual(
        await store.deliveries.owedTo(d, now, 3, expected[2]!.message.id),
        expected.slice(3, 6),
      );
      assert.deepEqual(await store.deliveries.owedTo(d, now, 3, expected[5]!.message.id), expected.slice(6));
      assert.deepEqual(
        (await store.deliveries.owedTo(other, now, 100)).map((i) => i.message.id),
        sorted([mQueued.id, mOther.id]),
      );
      assert.deepEqual(await store.deliveries.owedTo(newId(), now, 100), []);

      // Acknowledging a delivery or a control frame settles it.
      await store.deliveries.advance([{ messageId: mSent.id, deviceId: d, status: 'received' }], now);
      await store.deliveries.clearControl(mRevokeHeld.id, d, 'revoke');
      const after = (await store.deliveries.owedTo(d, now, 100)).map((i) => i.message.id);
      assert.deepEqual(
        after,
        expected.map((i) => i.message.id).filter((id) => id !== mSent.id && id !== mRevokeHeld.id),
      );
    });

    test("control('revoke') revokes every delivery; held ones owe a revoke frame", async () => {
      const store = h.store();
      const appId = (await newApp(store)).id;
      const [q, s, r, dp, c] = [newId(), newId(), newId(), newId(), newId()];
      const m = await delivered(store, appId, {
        [q]: 'queued',
        [s]: 'sent',
        [r]: 'received',
        [dp]: 'displayed',
        [c]: 'clicked',
      });
      const before = await store.deliveries.get(m.id, r);
      const revoked = await store.deliveries.control(m.id, 'revoke', T0 + 50);
      assert.deepEqual(sorted(revoked.held), sorted([s, r, dp, c]));
      assert.equal(revoked.changed, 5, 'the held four and the queued one');
      assert.equal((await store.deliveries.control(m.id, 'revoke', T0 + 51)).changed, 0, 'a second revoke');
      for (const id of [s, r, dp, c])
        assert.deepEqual(await state(store, m.id, id), held('revoked', 'revoke'), id);
      assert.deepEqual(await state(store, m.id, q), held('revoked', null));
      assert.deepEqual(await store.deliveries.get(m.id, r), {
        ...before,
        status: 'revoked',
        pendingControl: 'revoke',
        updatedAt: T0 + 50,
      });
      assert.deepEqual(await store.deliveries.counts(m.id), { ...emptyCounts(), revoked: 5 });
      // A late receipt does not bring a revoked delivery back.
      assert.equal(
        (await store.deliveries.advance([{ messageId: m.id, deviceId: s, status: 'received' }], T0 + 60))
          .changed,
        0,
      );
      assert.deepEqual(await state(store, m.id, s), held('revoked', 'revoke'));

      await store.deliveries.clearControl(m.id, s, 'replace');
      assert.deepEqual(
        await state(store, m.id, s),
        held('revoked', 'revoke'),
        'only the matching control clears',
      );
      await store.deliveries.clearControl(m.id, s, 'revoke');
      assert.deepEqual(await state(store, m.id, s), held('revoked', null));
      assert.deepEqual(await state(store, m.id, r), held('revoked', 'revoke'), 'other devices keep theirs');
    });

    test("control('replace') marks held deliveries replaced and leaves queued ones to deliver the new version", async () => {
      const store = h.store();
      const appId = (await newApp(store)).id;
      const [q, s, r, c] = [newId(), newId(), newId(), newId()];
      const m = await delivered(store, appId, {
        [q]: 'queued',
        [s]: 'sent',
        [r]: 'received',
        [c]: 'clicked',
      });
      assert.deepEqual(
        sorted((await store.deliveries.control(m.id, 'replace', T0 + 50)).held),
        sorted([s, r, c]),
      );
      for (const id of [s, r, c])
        assert.deepEqual(await state(store, m.id, id), held('replaced', 'replace'), id);
      assert.deepEqual(await store.deliveries.get(m.id, q), {
        messageId: m.id,
        deviceId: q,
        status: 'queued',
        channel: 'ws',
        pendingControl: null,
        updatedAt: T0,
        sentAt: null,
        receivedAt: null,
        displayedAt: null,
        clickedAt: null,
        vendor: null,
        vendorState: null,
        vendorError: null,
      });
      await store.deliveries.clearControl(m.id, s, 'revoke');
      assert.deepEqual(await state(store, m.id, s), held('replaced', 'replace'));
      await store.deliveries.clearControl(m.id, s, 'replace');
      assert.deepEqual(await state(store, m.id, s), held('replaced', null));

      // A second replace reaches every device holding an older version, acknowledged or not.
      assert.deepEqual(
        sorted((await store.deliveries.control(m.id, 'replace', T0 + 60)).held),
        sorted([s, r, c]),
      );
      assert.deepEqual(await state(store, m.id, s), held('replaced', 'replace'));

      // A revoke after a replace still reaches the devices that hold it.
      assert.deepEqual(
        sorted((await store.deliveries.control(m.id, 'revoke', T0 + 70)).held),
        sorted([s, r, c]),
      );
      for (const id of [s, r, c])
        assert.deepEqual(await state(store, m.id, id), held('revoked', 'revoke'), id);
      assert.deepEqual(await state(store, m.id, q), held('revoked', null));
    });

    test('expire marks undelivered deliveries of expired messages and returns how many', async () => {
      const opened = await h.fresh();
      const { store } = opened;
      const appId = (await newApp(store)).id;
      const now = T0 + 100;
      const [q1, s1, r1, q2, q3, q4] = [newId(), newId(), newId(), newId(), newId(), newId()];
      const mExpired = await delivered(
        store,
        appId,
        { [q1]: 'queued', [s1]: 'sent', [r1]: 'received' },
        { expiresAt: T0 + 10 },
      );
      const mBoundary = await delivered(store, appId, { [q2]: 'queued' }, { expiresAt: now });
      const mLive = await delivered(store, appId, { [q3]: 'queued' }, { expiresAt: now + 1 });
      const mForever = await delivered(store, appId, { [q4]: 'queued' });

      assert.deepEqual(await store.deliveries.expire(now, 100), { changed: 3, byApp: { [appId]: 3 } });
      assert.equal((await store.deliveries.get(mExpired.id, q1))?.status, 'expired');
      assert.deepEqual(await store.deliveries.get(mExpired.id, s1), {
        messageId: mExpired.id,
        deviceId: s1,
        status: 'expired',
        channel: 'ws',
        pendingControl: null,
        updatedAt: now,
        sentAt: T0 + 1,
        receivedAt: null,
        displayedAt: null,
        clickedAt: null,
        vendor: null,
        vendorState: null,
        vendorError: null,
      });
      assert.equal((await store.deliveries.get(mExpired.id, r1))?.status, 'received');
      assert.equal((await store.deliveries.get(mBoundary.id, q2))?.status, 'expired');
      assert.equal((await store.deliveries.get(mLive.id, q3))?.status, 'queued');
      assert.equal((await store.deliveries.get(mForever.id, q4))?.status, 'queued');
      assert.deepEqual(await store.deliveries.counts(mExpired.id), {
        ...emptyCounts(),
        expired: 2,
        received: 1,
      });
      assert.deepEqual(await store.deliveries.expire(now, 100), { changed: 0, byApp: {} });

      // Under a small limit, repeated calls still expire everything, then report 0.
      for (let i = 0; i < 3; i++)
        await delivered(store, appId, { [newId()]: 'queued', [newId()]: 'sent' }, { expiresAt: now + 50 });
      let total = 0;
      for (let calls = 0; calls < 20; calls++) {
        const n = (await store.deliveries.expire(now + 50, 1)).changed;
        if (n === 0) break;
        total += n;
      }
      assert.equal(total, 7, 'the three new messages and mLive');
      assert.equal((await store.deliveries.expire(now + 50, 100)).changed, 0);
      await h.dispose(opened);
    });
  });
}
