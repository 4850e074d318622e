import { strict as assert } from 'node:assert';
import { before, describe, test } from 'node:test';
import type { Audience } from '../../domain/audience.js';
import type { Store } from '../store.js';
import { allPages, newApp, register, sorted, T0 } from './fixtures.js';
import type { Harness } from './harness.js';

const DAY = 86_400_000;

/**
 * The audience kinds of issue 3 — device types, packages, products, area, push tokens, nested
 * tag expressions, activity — each alone and combined, and countAudience agreeing with resolve.
 */
export function audienceKindTests(h: Harness): void {
  describe('devices: audience kinds and countAudience', () => {
    let store: Store;
    let appId: string;
    // P: phone  com.a  prod-1 Zhejiang/Hangzhou tags [vip, beijing]      user u1 active T0-1d  token tp
    // Q: fridge com.a  prod-2 Zhejiang/Ningbo   tags [vip]               user u1 active T0-10d
    // R: tv     com.b  prod-1 Jiangsu/Nanjing   tags [beijing, sleepy]   user u2 never seen
    // S: phone  com.b  prod-2 Jiangsu/Suzhou    tags []                  no user  active T0-40d  token ts
    const id = { P: '', Q: '', R: '', S: '' };
    const run = async (audience: Audience) =>
      (
        await allPages(
          (p) => store.devices.resolveAudience(appId, { audience, testOnly: false }, p),
          (x) => x,
          1000,
        )
      ).items;
    const expect = async (audience: Audience, names: Array<keyof typeof id>) => {
      assert.deepEqual(await run(audience), sorted(names.map((n) => id[n])), JSON.stringify(audience));
      const count = await store.devices.countAudience(appId, { audience, testOnly: false });
      assert.equal(count.devices, names.length, `count of ${JSON.stringify(audience)}`);
    };

    before(async () => {
      store = h.store();
      appId = (await newApp(store)).id;
      const reg = (over: Parameters<typeof register>[2]) =>
        register(store, appId, over).then((r) => r.device.id);
      id.P = await reg({
        deviceType: '01',
        appPackage: 'com.a',
        productId: 'prod-1',
        province: 'Zhejiang',
        city: 'Hangzhou',
        tags: ['vip', 'beijing'],
        userId: 'u1',
        vendorTokens: { fcm: 'tp' },
      });
      id.Q = await reg({
        deviceType: '04',
        appPackage: 'com.a',
        productId: 'prod-2',
        province: 'Zhejiang',
        city: 'Ningbo',
        tags: ['vip'],
        userId: 'u1',
      });
      id.R = await reg({
        deviceType: '03',
        appPackage: 'com.b',
        productId: 'prod-1',
        province: 'Jiangsu',
        city: 'Nanjing',
        tags: ['beijing', 'sleepy'],
        userId: 'u2',
      });
      id.S = await reg({
        deviceType: '01',
        appPackage: 'com.b',
        productId: 'prod-2',
        province: 'Jiangsu',
        city: 'Suzhou',
        vendorTokens: { huawei: 'ts' },
      });
      await store.devices.touch([id.P], T0 - DAY);
      await store.devices.touch([id.Q], T0 - 10 * DAY);
      await store.devices.touch([id.S], T0 - 40 * DAY);
    });

    test('device types, app packages, products', async () => {
      await expect({ deviceTypes: ['01'] }, ['P', 'S']);
      await expect({ deviceTypes: ['03', '04'] }, ['Q', 'R']);
      await expect({ appPackages: ['com.b'] }, ['R', 'S']);
      await expect({ products: ['prod-1'] }, ['P', 'R']);
    });

    test('area by province and by city', async () => {
      await expect({ area: { provinces: ['Zhejiang'] } }, ['P', 'Q']);
      await expect({ area: { cities: ['Nanjing', 'Suzhou'] } }, ['R', 'S']);
      await expect({ area: { provinces: ['Jiangsu'], cities: ['Hangzhou'] } }, []);
    });

    test('push tokens of any vendor', async () => {
      await expect({ pushTokens: ['tp', 'ts', 'unknown'] }, ['P', 'S']);
    });

    test('tag expressions: or, and, not, nested', async () => {
      await expect({ tags: ['vip', 'sleepy'] }, ['P', 'Q', 'R']);
      await expect({ tags: { and: ['vip', 'beijing'] } }, ['P']);
      await expect({ tags: { not: 'vip' } }, ['R', 'S']);
      await expect({ tags: { and: ['beijing', { not: 'vip' }] } }, ['R']);
      await expect({ tags: { or: [{ and: ['vip', { not: 'beijing' }] }, 'sleepy'] } }, ['Q', 'R']);
      await expect({ tags: { not: { or: ['vip', 'beijing'] } } }, ['S']);
    });

    test('activity: active within a window, sleeping since a day', async () => {
      await expect({ activity: { activeBetween: { from: T0 - 7 * DAY } } }, ['P']);
      await expect({ activity: { activeBetween: { from: T0 - 30 * DAY, to: T0 - 2 * DAY } } }, ['Q']);
      await expect({ activity: { sleepingSince: T0 - 7 * DAY } }, ['Q', 'R', 'S']);
    });

    test('fields combine with AND', async () => {
      await expect({ deviceTypes: ['01'], area: { provinces: ['Zhejiang'] } }, ['P']);
      await expect({ products: ['prod-2'], tags: { not: 'vip' }, activity: { sleepingSince: T0 } }, ['S']);
      await expect({ appPackages: ['com.a'], userIds: ['u2'] }, []);
    });

    test('countAudience counts distinct users as well as devices', async () => {
      assert.deepEqual(await store.devices.countAudience(appId, { audience: 'all', testOnly: false }), {
        devices: 4,
        users: 2,
      });
      assert.deepEqual(
        await store.devices.countAudience(appId, { audience: { tags: ['vip'] }, testOnly: false }),
        {
          devices: 2,
          users: 1,
        },
      );
      await store.devices.unregister(appId, id.R, T0);
      assert.deepEqual(await store.devices.countAudience(appId, { audience: 'all', testOnly: false }), {
        devices: 3,
        users: 1,
      });
    });
  });
}
