import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { Harness } from './harness.js';

/** migrate(), ping() and close(): each on a database of its own, since they change the whole database. */
export function lifecycleTests(h: Harness): void {
  describe('migrate, ping, close', () => {
    test('migrate applies every step on a fresh database, then nothing on a second run', async () => {
      const opened = await h.open();
      const first = await opened.store.migrate();
      assert.ok(first.length > 0, 'a fresh database has steps to apply');
      assert.equal(first[0]?.name, '0001-initial');
      for (const step of first) assert.equal(step.status, 'applied', step.name);
      assert.equal(new Set(first.map((s) => s.name)).size, first.length, 'each step once');
      assert.deepEqual(await opened.store.migrate(), []);
      // The schema is really there: a write and a read go through.
      const apps = await opened.store.apps.list({ limit: 10 });
      assert.deepEqual(apps, []);
      await h.dispose(opened);
    });

    test('migrate refuses a database that has a step unknown to this code', async (t) => {
      const opened = await h.open();
      if (!opened.exec) {
        await h.dispose(opened);
        t.skip('the backend gives no second connection for raw SQL');
        return;
      }
      await opened.store.migrate();
      await opened.exec(
        `insert into kysely_migration (name, timestamp) values ('9999-from-newer-code', '2100-01-01T00:00:00.000Z')`,
      );
      await assert.rejects(opened.store.migrate(), Error);
      await h.dispose(opened);
    });

    test('ping resolves on an open store and rejects once it is closed', async () => {
      const opened = await h.fresh();
      await opened.store.ping();
      await opened.store.close();
      await assert.rejects(opened.store.ping());
      await h.dispose(opened, true);
    });
  });
}
