import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * External services the suites use for real. On a developer machine without them a suite skips
 * with one line saying what to start; with CI=true it fails instead, so CI never passes by skipping.
 */
export const POSTGRES_URL = process.env.HERALD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const inCi = process.env.CI === 'true';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (inCi) throw new Error(`PostgreSQL at ${POSTGRES_URL} is required in CI: ${(err as Error).message}`);
    console.warn(
      `# skipping PostgreSQL tests: start PostgreSQL on 127.0.0.1:5432 (${(err as Error).message})`,
    );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema name for one test run; drop it with dropSchema when done. */
export function uniqueSchema(prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
