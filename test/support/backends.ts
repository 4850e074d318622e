import { describe } from 'node:test';
import type { Backend } from './herald-harness.js';
import { postgresAvailable } from './services.js';

const pgReady = await postgresAvailable();

/** Runs the same suite body against SQLite and PostgreSQL (skipped, with the reason, when PostgreSQL is absent outside CI). */
export function forEachBackend(name: string, body: (backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => body('sqlite'));
  if (pgReady) describe(`${name} [postgres]`, () => body('postgres'));
  else describe(`${name} [postgres]`, { skip: 'PostgreSQL not reachable at 127.0.0.1:5432' }, () => {});
}
