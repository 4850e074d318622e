import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { createHerald } from '../main.js';
import { createLogger } from '../observability/logger.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the Herald server: HTTP API, WebSocket gateway and dispatcher in one process.')
    .option('-p, --port <port>', 'TCP port (HERALD_PORT, default 8080)')
    .option(
      '-d, --data-dir <dir>',
      'data directory for SQLite and the admin token (HERALD_DATA_DIR, default ./data)',
    )
    .option('--database-url <url>', 'postgres://… to use PostgreSQL (HERALD_DATABASE_URL)')
    .option('--redis-url <url>', 'redis://… to run several nodes (HERALD_REDIS_URL)')
    .addHelpText(
      'after',
      `
Every option also reads from its HERALD_* variable; flags win. All variables: docs/config.md.

Examples:
  herald serve                                  # SQLite in ./data, port 8080
  HERALD_ADMIN_TOKEN=secret herald serve -p 9000
  herald serve --database-url postgres://localhost/herald --redis-url redis://localhost:6379`,
    )
    .action(async (opts: { port?: string; dataDir?: string; databaseUrl?: string; redisUrl?: string }) => {
      const config = loadConfig(process.env, {
        ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
        ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}),
        ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}),
        ...(opts.redisUrl !== undefined ? { redisUrl: opts.redisUrl } : {}),
      });
      const log = createLogger({
        level: config.logLevel,
        format: config.logFormat,
        isTty: Boolean(process.stdout.isTTY),
      });
      const herald = await createHerald(config, { log });
      const address = await herald.listen();
      if (herald.adminTokenGenerated) {
        // Printed once, on the start that created it; it stays in the data dir for the next starts.
        process.stdout.write(
          `\nAdmin token (kept in ${config.dataDir}/admin-token, shown only now):\n  ${herald.adminToken}\n\n`,
        );
      }
      process.stdout.write(
        `Herald is up at ${address.replace('0.0.0.0', '127.0.0.1')}  (API docs: /docs, health: /healthz)\n`,
      );
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        herald.close().then(
          () => process.exit(0),
          (err: unknown) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
