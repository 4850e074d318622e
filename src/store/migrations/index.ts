import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { audienceIndexes } from './0003-audience-indexes.js';

/** Append-only: never edit or reorder a shipped migration; add the next number. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0003-audience-indexes': audienceIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
