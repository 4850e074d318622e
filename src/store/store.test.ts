import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from '../../test/support/services.js';
import { openStore } from './open-store.js';
import { storeConformance } from './store-conformance.js';

storeConformance('store: sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'herald-store-'));
  const file = join(dir, 'herald.db');
  return {
    store: openStore({ kind: 'sqlite', file }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    exec: async (statement) => {
      const db = new SQLite(file);
      try {
        db.exec(statement);
      } finally {
        db.close();
      }
    },
  };
});

if (await postgresAvailable()) {
  storeConformance('store: postgres', async () => {
    const schema = uniqueSchema('store');
    return {
      store: openStore({ kind: 'postgres', url: POSTGRES_URL, schema }),
      cleanup: () => dropSchema(schema),
      exec: async (statement) => {
        const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          await client.query(statement);
        } finally {
          await client.end();
        }
      },
    };
  });

  test('store: postgres keeps a mixed-case schema name as given', async () => {
    const schema = uniqueSchema('Store');
    const store = openStore({ kind: 'postgres', url: POSTGRES_URL, schema });
    try {
      await store.migrate();
      assert.deepEqual(await store.apps.list({ limit: 1 }), []);
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        const r = await client.query(
          'select table_name from information_schema.tables where table_schema = $1',
          [schema],
        );
        assert.ok(r.rows.some((row: { table_name: string }) => row.table_name === 'apps'));
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
} else {
  test('store: postgres', { skip: `PostgreSQL is not reachable at ${POSTGRES_URL}` }, () => {});
}
