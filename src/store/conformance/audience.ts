import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import type { AudienceFilter } from '../../domain/audience.js';
import { newId } from '../../domain/ids.js';
import type { Store } from '../store.js';
import { allPages, freshIdentity, newApp, register, registration, sorted, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

async function resolve(store: Store, appId: string, filter: AudienceFilter): Promise<string[]> {
  return (
    await allPages(
      (p) => store.devices.resolveAudience(appId, filter, p),
      (id) => id,
      1000,
    )
  ).items;
}

/** DeviceRepository.resolveAudience: each audience field, their combination, testOnly, paging. */
export function audienceTests(h: Harness): void {
  describe('devices.resolveAudience', () => {
    let store: Store;
    let appId: string;
    // A: u1 a1 [x] test · B: u1 a2 [y] · C: u2 a1 [x y] test · D: u1 a1 [x] test, unregistered · E: u2 a3 [z]
    const id = { A: '', B: '', C: '', D: '', E: '', foreign: '' };
    const run = (audience: AudienceFilter['audience'], testOnly = false) =>
      resolve(store, appId, { audience, testOnly });

    before(async () => {
      store = h.store();
      appId = (await newApp(store)).id;
      const other = await newApp(store);
      id.A = (
        await register(store, appId, { userId: 'u1', alias: 'a1', tags: ['x'], isTest: true })
      ).device.id;
      id.B = (await register(store, appId, { userId: 'u1', alias: 'a2', tags: ['y'] })).device.id;
      id.C = (
        await register(store, appId, { userId: 'u2', alias: 'a1', tags: ['x', 'y'], isTest: true })
      ).device.id;
      id.D = (
        await register(store, appId, { userId: 'u1', alias: 'a1', tags: ['x'], isTest: true })
      ).device.id;
      id.E = (await register(store, appId, { userId: 'u2', alias: 'a3', tags: ['z'] })).device.id;
      await store.devices.unregister(appId, id.D, T0);
      const foreign = { userId: 'u1', alias: 'a1', tags: ['x', 'y', 'z'], isTest: true };
      id.foreign = (await register(store, other.id, foreign)).device.id;
    });

    test("'all' is every registered device of the app", async () => {
      assert.deepEqual(await run('all'), sorted([id.A, id.B, id.C, id.E]));
    });

    test('deviceIds selects those devices, registered and of this app only', async () => {
      assert.deepEqual(
        await run({ deviceIds: [id.E, id.A, id.D, id.foreign, newId()] }),
        sorted([id.A, id.E]),
      );
    });

    test('userIds and aliases match any of their values', async () => {
      assert.deepEqual(await run({ userIds: ['u1'] }), sorted([id.A, id.B]));
      assert.deepEqual(await run({ userIds: ['u1', 'u2'] }), sorted([id.A, id.B, id.C, id.E]));
      assert.deepEqual(await run({ aliases: ['a1'] }), sorted([id.A, id.C]));
      assert.deepEqual(await run({ aliases: ['a2', 'a3', 'nobody'] }), sorted([id.B, id.E]));
    });

    test('tags match any of their values, each device once', async () => {
      assert.deepEqual(await run({ tags: ['x'] }), sorted([id.A, id.C]));
      assert.deepEqual(await run({ tags: ['x', 'z'] }), sorted([id.A, id.C, id.E]));
      assert.deepEqual(await run({ tags: ['x', 'y'] }), sorted([id.A, id.B, id.C]));
      assert.deepEqual(await run({ tags: ['nope'] }), []);
    });

    test('fields combine with AND', async () => {
      assert.deepEqual(await run({ userIds: ['u1'], tags: ['x'] }), [id.A]);
      assert.deepEqual(await run({ aliases: ['a1'], userIds: ['u2'] }), [id.C]);
      assert.deepEqual(await run({ deviceIds: [id.A, id.B], aliases: ['a2'] }), [id.B]);
      assert.deepEqual(
        await run({ userIds: ['u2'], tags: ['y'], aliases: ['a1'], deviceIds: [id.C, id.E] }),
        [id.C],
      );
      assert.deepEqual(await run({ userIds: ['u1'], aliases: ['a3'] }), []);
    });

    test('an empty list matches nothing', async () => {
      assert.deepEqual(await run({ userIds: [] }), []);
      assert.deepEqual(await run({ deviceIds: [] }), []);
      assert.deepEqual(await run({ tags: [] }), []);
    });

    test('testOnly keeps only test devices', async () => {
      assert.deepEqual(await run('all', true), sorted([id.A, id.C]));
      assert.deepEqual(await run({ tags: ['y'] }, true), [id.C]);
      assert.deepEqual(await run({ userIds: ['u1'] }, true), [id.A]);
    });

    test('a device that registers again is targeted again', async () => {
      const app = await newApp(store);
      const reg = registration();
      const first = await store.devices.register(app.id, reg, T0, freshIdentity());
      await store.devices.unregister(app.id, first.device.id, T0 + 1);
      assert.deepEqual(await resolve(store, app.id, { audience: 'all', testOnly: false }), []);
      await store.devices.register(app.id, reg, T0 + 2, freshIdentity());
      assert.deepEqual(await resolve(store, app.id, { audience: 'all', testOnly: false }), [first.device.id]);
    });

    test('paging visits every device exactly once, in id order', async () => {
      const app = await newApp(store);
      const all: string[] = [];
      const oddOnes: string[] = [];
      // Registered a batch at a time: fast enough, and concurrent registrations are the real load.
      for (let i = 0; i < 1234; i += 50) {
        const batch = Array.from({ length: Math.min(50, 1234 - i) }, (_, k) =>
          register(store, app.id, { tags: [(i + k) % 2 === 0 ? 'even' : 'odd'] }),
        );
        for (const [k, r] of (await Promise.all(batch)).entries()) {
          all.push(r.device.id);
          if ((i + k) % 2 === 1) oddOnes.push(r.device.id);
        }
      }
      const filter: AudienceFilter = { audience: 'all', testOnly: false };
      const { items, pages } = await allPages(
        (p) => store.devices.resolveAudience(app.id, filter, p),
        (x) => x,
        100,
      );
      assert.equal(pages, 13);
      assert.equal(items.length, 1234);
      assert.equal(new Set(items).size, 1234);
      assert.deepEqual(items, sorted(all));
      const first = await store.devices.resolveAudience(app.id, filter, { limit: 100 });
      assert.deepEqual(first, sorted(all).slice(0, 100));
      const odd = await allPages(
        (p) => store.devices.resolveAudience(app.id, { audience: { tags: ['odd'] }, testOnly: false }, p),
        (x) => x,
        100,
      );
      assert.equal(oddOnes.length, 617);
      assert.deepEqual(odd.items, sorted(oddOnes));
    });
  });
}
