import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Device, DeviceRegistration } from '../../domain/device.js';
import { newId } from '../../domain/ids.js';
import type { Store } from '../store.js';
import { allPages, freshIdentity, newApp, register, registration, sorted, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

const FULL: Omit<DeviceRegistration, 'clientId'> = {
  appPackage: 'com.example.full',
  deviceType: '02',
  pushId: 'push-1',
  deviceName: 'Pixel',
  typeId: 'type-1',
  platform: 'android',
  vendorTokens: { fcm: 'fcm-1' },
  userId: 'user-1',
  alias: 'alias-1',
  tags: ['vip', 'beta'],
  locale: 'en-GB',
  timezone: 'Europe/London',
  province: 'England',
  city: 'London',
  productId: 'product-1',
  isTest: true,
};

async function ids(
  store: Store,
  appId: string,
  filter: Parameters<Store['devices']['list']>[1],
): Promise<string[]> {
  return (await store.devices.list(appId, filter, { limit: 1000 })).map((d) => d.id);
}

/** DeviceRepository apart from resolveAudience: register, get, getByToken, list, setUser, unregister, touch. */
export function deviceTests(h: Harness): void {
  describe('devices', () => {
    test('register creates a device with status 1 under the fresh id and token', async () => {
      const store = h.store();
      const app = await newApp(store);
      const fresh = freshIdentity();
      const reg = registration();
      const r = await store.devices.register(app.id, reg, T0, fresh);
      assert.equal(r.created, true);
      assert.equal(r.deviceToken, fresh.token);
      const expected: Device = {
        id: fresh.id,
        appId: app.id,
        clientId: reg.clientId,
        appPackage: reg.appPackage,
        pushId: null,
        deviceName: null,
        deviceType: '01',
        typeId: null,
        platform: null,
        vendorTokens: {},
        userId: null,
        alias: null,
        tags: [],
        locale: null,
        timezone: null,
        province: null,
        city: null,
        productId: null,
        isTest: false,
        status: 1,
        regTime: T0,
        updatedAt: T0,
        lastActiveAt: null,
      };
      assert.deepEqual(r.device, expected);
      assert.deepEqual(await store.devices.get(app.id, fresh.id), expected);
    });

    test('register stores every field it is given', async () => {
      const store = h.store();
      const app = await newApp(store);
      const fresh = freshIdentity();
      const clientId = newId();
      const r = await store.devices.register(app.id, { clientId, ...FULL }, T0, fresh);
      const { tags, ...rest } = r.device;
      assert.deepEqual(sorted(tags), ['beta', 'vip']);
      assert.deepEqual(rest, {
        id: fresh.id,
        appId: app.id,
        clientId,
        appPackage: 'com.example.full',
        pushId: 'push-1',
        deviceName: 'Pixel',
        deviceType: '02',
        typeId: 'type-1',
        platform: 'android',
        vendorTokens: { fcm: 'fcm-1' },
        userId: 'user-1',
        alias: 'alias-1',
        locale: 'en-GB',
        timezone: 'Europe/London',
        province: 'England',
        city: 'London',
        productId: 'product-1',
        isTest: true,
        status: 1,
        regTime: T0,
        updatedAt: T0,
        lastActiveAt: null,
      });
      assert.deepEqual(await store.devices.get(app.id, r.device.id), r.device);
    });

    test('the same identity again returns the same id and token, status 3, and updates only given fields', async () => {
      const store = h.store();
      const app = await newApp(store);
      const clientId = newId();
      const first = await store.devices.register(app.id, { clientId, ...FULL }, T0, freshIdentity());
      const second = await store.devices.register(
        app.id,
        { clientId, appPackage: FULL.appPackage, deviceType: '03', deviceName: 'Renamed', alias: null },
        T0 + 1000,
        freshIdentity(),
      );
      assert.equal(second.created, false);
      assert.equal(second.deviceToken, first.deviceToken);
      assert.deepEqual(second.device, {
        ...first.device,
        deviceType: '03',
        deviceName: 'Renamed',
        alias: null,
        status: 3,
        updatedAt: T0 + 1000,
      });
      const third = await store.devices.register(
        app.id,
        { clientId, appPackage: FULL.appPackage, deviceType: '03' },
        T0 + 2000,
        freshIdentity(),
      );
      assert.equal(third.device.status, 3);
      assert.equal(third.device.id, first.device.id);
      assert.equal(third.device.regTime, T0);
      assert.deepEqual(await store.devices.get(app.id, first.device.id), third.device);
    });

    test('concurrent registrations of one identity yield one device', async () => {
      const store = h.store();
      const app = await newApp(store);
      const reg = registration();
      const results = await Promise.all(
        Array.from({ length: 6 }, () => store.devices.register(app.id, reg, T0, freshIdentity())),
      );
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.device.id)).size, 1);
      assert.equal(new Set(results.map((r) => r.deviceToken)).size, 1);
      assert.equal((await ids(store, app.id, {})).length, 1);
    });

    test('an unregistered device that registers again is status 1 with its old id and token', async () => {
      const store = h.store();
      const app = await newApp(store);
      const reg = registration();
      const first = await store.devices.register(app.id, reg, T0, freshIdentity());
      assert.equal((await store.devices.unregister(app.id, first.device.id, T0 + 1))?.status, 2);
      const back = await store.devices.register(app.id, reg, T0 + 2, freshIdentity());
      assert.equal(back.created, false);
      assert.equal(back.device.status, 1);
      assert.equal(back.device.id, first.device.id);
      assert.equal(back.deviceToken, first.deviceToken);
      assert.equal(back.device.regTime, T0);
      assert.equal((await store.devices.getByToken(first.deviceToken))?.id, first.device.id);
    });

    test('tags are replaced when given and kept when omitted', async () => {
      const store = h.store();
      const app = await newApp(store);
      const reg = registration({ tags: ['a', 'b'] });
      const again = (tags?: readonly string[]) =>
        store.devices
          .register(app.id, { ...reg, tags }, T0, freshIdentity())
          .then((r) => sorted(r.device.tags));
      assert.deepEqual(await again(['a', 'b']), ['a', 'b']);
      assert.deepEqual(await again(undefined), ['a', 'b']);
      assert.deepEqual(await again(['c']), ['c']);
      assert.deepEqual(await again(['x', 'x', 'y']), ['x', 'y']);
      assert.deepEqual(await again([]), []);
      assert.deepEqual(await again(undefined), []);
    });

    test('vendor tokens are upserted per vendor and an empty string deletes one', async () => {
      const store = h.store();
      const app = await newApp(store);
      const reg = registration();
      const again = (vendorTokens?: DeviceRegistration['vendorTokens']) =>
        store.devices.register(app.id, { ...reg, vendorTokens }, T0, freshIdentity()).then((r) => r.device);
      assert.deepEqual((await again({ fcm: 'f1', apns: 'a1' })).vendorTokens, { fcm: 'f1', apns: 'a1' });
      assert.deepEqual((await again({ fcm: 'f2' })).vendorTokens, { fcm: 'f2', apns: 'a1' });
      assert.deepEqual((await again(undefined)).vendorTokens, { fcm: 'f2', apns: 'a1' });
      assert.deepEqual((await again({ apns: '' })).vendorTokens, { fcm: 'f2' });
      const last = await again({ huawei: 'h1' });
      assert.deepEqual(last.vendorTokens, { fcm: 'f2', huawei: 'h1' });
      assert.deepEqual((await store.devices.get(app.id, last.id))?.vendorTokens, { fcm: 'f2', huawei: 'h1' });
    });

    test('identity is (app, clientId, appPackage)', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const reg = registration({ alias: 'first' });
      const a = await store.devices.register(app.id, reg, T0, freshIdentity());
      const b = await store.devices.register(
        app.id,
        { ...reg, appPackage: 'com.example.other', alias: 'b' },
        T0,
        freshIdentity(),
      );
      const c = await store.devices.register(other.id, { ...reg, alias: 'c' }, T0, freshIdentity());
      assert.equal(b.created, true);
      assert.equal(c.created, true);
      assert.equal(new Set([a.device.id, b.device.id, c.device.id]).size, 3);
      assert.equal(new Set([a.deviceToken, b.deviceToken, c.deviceToken]).size, 3);
      assert.deepEqual(await store.devices.get(app.id, a.device.id), a.device);
      assert.equal(a.device.alias, 'first');
    });

    test('get is scoped to the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { device } = await register(store, app.id);
      assert.deepEqual(await store.devices.get(app.id, device.id), device);
      assert.equal(await store.devices.get(other.id, device.id), undefined);
      assert.equal(await store.devices.get(app.id, newId()), undefined);
    });

    test('getByToken finds a registered device whole, and not an unregistered one', async () => {
      const store = h.store();
      const app = await newApp(store);
      const r = await store.devices.register(app.id, { clientId: newId(), ...FULL }, T0, freshIdentity());
      assert.deepEqual(await store.devices.getByToken(r.deviceToken), r.device);
      assert.equal(await store.devices.getByToken('no-such-token'), undefined);
      await store.devices.unregister(app.id, r.device.id, T0 + 1);
      assert.equal(await store.devices.getByToken(r.deviceToken), undefined);
    });

    test('list filters by each field, and only within the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const d1 = await register(store, app.id, {
        clientId: 'c1',
        appPackage: 'p1',
        userId: 'u1',
        alias: 'al1',
        tags: ['t1', 't2'],
      });
      const d2 = await register(store, app.id, {
        clientId: 'c2',
        appPackage: 'p1',
        deviceType: '02',
        userId: 'u1',
        alias: 'al2',
        tags: ['t2'],
      });
      const d3 = await register(store, app.id, { clientId: 'c1', appPackage: 'p2', userId: 'u2' });
      const d4 = await register(store, app.id, {
        clientId: 'c4',
        appPackage: 'p1',
        userId: 'u1',
        tags: ['t1'],
      });
      await store.devices.register(
        app.id,
        registration({ clientId: 'c2', appPackage: 'p1', deviceType: '02' }),
        T0,
        freshIdentity(),
      );
      await store.devices.unregister(app.id, d4.device.id, T0);
      await register(store, other.id, {
        clientId: 'c1',
        appPackage: 'p1',
        userId: 'u1',
        alias: 'al1',
        tags: ['t1'],
      });
      const [i1, i2, i3, i4] = [d1.device.id, d2.device.id, d3.device.id, d4.device.id];

      assert.deepEqual(await ids(store, app.id, {}), sorted([i1, i2, i3, i4]));
      assert.deepEqual(await ids(store, app.id, { userId: 'u1' }), sorted([i1, i2, i4]));
      assert.deepEqual(await ids(store, app.id, { alias: 'al2' }), [i2]);
      assert.deepEqual(await ids(store, app.id, { tag: 't1' }), sorted([i1, i4]));
      assert.deepEqual(await ids(store, app.id, { tag: 't2' }), sorted([i1, i2]));
      assert.deepEqual(await ids(store, app.id, { tag: 'none' }), []);
      assert.deepEqual(await ids(store, app.id, { status: 1 }), sorted([i1, i3]));
      assert.deepEqual(await ids(store, app.id, { status: 2 }), [i4]);
      assert.deepEqual(await ids(store, app.id, { status: 3 }), [i2]);
      assert.deepEqual(await ids(store, app.id, { deviceType: '02' }), [i2]);
      assert.deepEqual(await ids(store, app.id, { clientId: 'c1' }), sorted([i1, i3]));
      assert.deepEqual(await ids(store, app.id, { appPackage: 'p2' }), [i3]);
      assert.deepEqual(await ids(store, app.id, { userId: 'u1', tag: 't1', status: 1 }), [i1]);
      // A tag filter selects devices; each still carries all its tags.
      const tagged = await store.devices.list(app.id, { tag: 't2' }, { limit: 10 });
      const tagsOf = new Map(tagged.map((d) => [d.id, sorted(d.tags)]));
      assert.deepEqual(tagsOf.get(i1), ['t1', 't2']);
      assert.deepEqual(tagsOf.get(i2), ['t2']);
      assert.deepEqual(
        tagged.find((d) => d.id === i1),
        await store.devices.get(app.id, i1),
      );
    });

    test('list pages by id', async () => {
      const store = h.store();
      const app = await newApp(store);
      const all: string[] = [];
      for (let i = 0; i < 7; i++) all.push((await register(store, app.id, { tags: [`t${i}`] })).device.id);
      const { items, pages } = await allPages(
        (p) => store.devices.list(app.id, {}, p),
        (d) => d.id,
        3,
      );
      assert.deepEqual(
        items.map((d) => d.id),
        sorted(all),
      );
      assert.equal(pages, 3);
      assert.deepEqual(
        (await store.devices.list(app.id, {}, { after: sorted(all)[4], limit: 10 })).map((d) => d.id),
        sorted(all).slice(5),
      );
    });

    test('setUser binds and unbinds a user, only within the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { device } = await register(store, app.id);
      const bound = await store.devices.setUser(app.id, device.id, 'user-9', T0 + 5);
      assert.deepEqual(bound, { ...device, userId: 'user-9', updatedAt: T0 + 5 });
      assert.deepEqual(await ids(store, app.id, { userId: 'user-9' }), [device.id]);
      assert.equal(await store.devices.setUser(other.id, device.id, 'intruder', T0 + 6), undefined);
      assert.equal((await store.devices.get(app.id, device.id))?.userId, 'user-9');
      const unbound = await store.devices.setUser(app.id, device.id, null, T0 + 7);
      assert.deepEqual(unbound, { ...device, userId: null, updatedAt: T0 + 7 });
      assert.equal(await store.devices.setUser(app.id, newId(), 'u', T0), undefined);
    });

    test('unregister sets status 2, only within the app', async () => {
      const store = h.store();
      const app = await newApp(store);
      const other = await newApp(store);
      const { device } = await register(store, app.id, { tags: ['t'] });
      assert.equal(await store.devices.unregister(other.id, device.id, T0 + 1), undefined);
      assert.equal((await store.devices.get(app.id, device.id))?.status, 1);
      const gone = await store.devices.unregister(app.id, device.id, T0 + 2);
      assert.deepEqual(gone, { ...device, status: 2, updatedAt: T0 + 2 });
      assert.equal(await store.devices.unregister(app.id, newId(), T0), undefined);
    });

    test('touch sets lastActiveAt of the given devices only', async () => {
      const store = h.store();
      const app = await newApp(store);
      const a = (await register(store, app.id)).device;
      const b = (await register(store, app.id)).device;
      const c = (await register(store, app.id)).device;
      await store.devices.touch([a.id, b.id], T0 + 50);
      await store.devices.touch([], T0 + 60);
      assert.deepEqual(await store.devices.get(app.id, a.id), { ...a, lastActiveAt: T0 + 50 });
      assert.equal((await store.devices.get(app.id, b.id))?.lastActiveAt, T0 + 50);
      assert.equal((await store.devices.get(app.id, c.id))?.lastActiveAt, null);
      await store.devices.touch([a.id], T0 + 70);
      assert.equal((await store.devices.get(app.id, a.id))?.lastActiveAt, T0 + 70);
    });
  });
}
