import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAudience } from '../../domain/audience-validate.js';
import { BroadcastError } from './errors.js';
import { audienceToScope, scopeToAudience } from './scope-mapping.js';

const DAY = 24 * 3600_000;

test('each scope type and part maps onto the native audience language', () => {
  assert.equal(scopeToAudience({ type: 1, user: ['ignored'] }, 'scope.'), 'all');
  assert.deepEqual(scopeToAudience({ type: '3', user: ['a', 'b'] }, 'scope.'), { userIds: ['a', 'b'] });
  assert.deepEqual(
    scopeToAudience(
      {
        type: 2,
        user: ['ignored for type 2'],
        app_list: ['com.a'],
        product_list: [],
        group: { type: 1, start_day: '2016-08-06', end_day: '2016-08-07' },
        area: { type: 1, province: '广东', city: '' },
        tag: { type: 2, tag_list: ['x', 'y'] },
      },
      'scope.',
    ),
    {
      appPackages: ['com.a'],
      activity: { activeBetween: { from: Date.UTC(2016, 7, 6), to: Date.UTC(2016, 7, 6) + 2 * DAY } },
      area: { provinces: ['广东'] },
      tags: { not: { or: ['x', 'y'] } },
    },
  );
  assert.deepEqual(
    scopeToAudience(
      {
        type: 2,
        group: { type: 2, start_day: '2016-08-06', end_day: '2016-08-09' },
        tag: { type: 1, tag_list: ['v'] },
      },
      '',
    ),
    { activity: { sleepingSince: Date.UTC(2016, 7, 6) }, tags: ['v'] },
  );
});

test('every audience the facade builds is one the native validator accepts, and maps back to the scope', () => {
  const scopes = [
    { type: 1 },
    { type: 3, user: ['u1'] },
    {
      type: 2,
      app_list: ['a'],
      product_list: ['p'],
      group: { type: 1, start_day: '2016-08-06', end_day: '2016-08-06' },
      area: { type: 1, province: 'P', city: 'C' },
      tag: { type: 1, tag_list: ['t'] },
    },
    {
      type: 2,
      app_list: [],
      product_list: ['p'],
      group: { type: 2, start_day: '2016-08-06' },
      area: { type: 0 },
      tag: { type: 2, tag_list: ['t', 'u'] },
    },
  ];
  for (const scope of scopes) {
    // A sleeping group keeps only its start day (docs/compat/003-broadcast.md, interpretation 7).
    const sent =
      scope.group?.type === 2 ? { ...scope, group: { ...scope.group, end_day: '2016-08-08' } } : scope;
    const audience = scopeToAudience(sent, 'scope.');
    assert.deepEqual(validateAudience(audience), audience);
    assert.deepEqual(audienceToScope(audience), scope);
  }
});

test('bad scopes name the seed field; task_user has no "scope." in front', () => {
  const cases: Array<[unknown, string, number, string]> = [
    [undefined, 'scope.', 4001002, 'scope'],
    [{}, 'scope.', 4001002, 'scope.type'],
    [{ type: 4 }, 'scope.', 4001001, 'scope.type'],
    [{ type: 3 }, 'scope.', 4001002, 'scope.user'],
    [{ type: 2 }, 'scope.', 4001001, 'scope.type'],
    [{ type: 2, group: { type: 0 }, area: { type: 0 }, tag: { type: 0 } }, 'scope.', 4001001, 'scope.type'],
    [{ type: 2, group: { start_day: '2016-08-06' } }, '', 4001002, 'group.type'],
    [{ type: 2, group: { type: 1, start_day: '2016-08-06' } }, '', 4001002, 'group.end_day'],
    [{ type: 2, area: { type: 1, province: 3 } }, 'scope.', 4001001, 'scope.area.province'],
    [{ type: 2, tag: { type: 1, tag_list: [] } }, 'scope.', 4001002, 'scope.tag.tag_list'],
    [{ type: 2, app_list: 'a' }, '', 4001001, 'app_list'],
  ];
  for (const [scope, at, code, field] of cases) {
    assert.throws(
      () => scopeToAudience(scope, at),
      (e: unknown) => e instanceof BroadcastError && e.code === code && e.field === field,
      `${JSON.stringify(scope)} → ${field}`,
    );
  }
});
