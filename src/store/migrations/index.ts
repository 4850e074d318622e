import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';

/** Append-only: never edit or reorder a shipped migration; add the next number. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
