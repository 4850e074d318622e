import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { vendorRouting } from './0002-vendor-routing.js';
import { audienceIndexes } from './0003-audience-indexes.js';
import { deliveryRules } from './0004-delivery-rules.js';
import { hourlyStats } from './0005-hourly-stats.js';
import { broadcastLog } from './0006-broadcast-log.js';

/** Append-only: never edit or reorder a shipped migration; add the next number. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-vendor-routing': vendorRouting,
  '0003-audience-indexes': audienceIndexes,
  '0004-delivery-rules': deliveryRules,
  '0005-hourly-stats': hourlyStats,
  '0006-broadcast-log': broadcastLog,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
