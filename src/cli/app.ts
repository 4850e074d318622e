import type { Command } from 'commander';
import { type AdminOptions, adminClient, adminOptions, DEFAULT_URL } from './credentials.js';
import { listPages } from './http-client.js';
import { exitOnClosedPipe, formatTime, intArg, printJson, printTable } from './output.js';

interface AppOut {
  id: string;
  name: string;
  appKey: string;
  masterSecret?: string;
  createdAt: number;
  updatedAt: number;
}

/** Secrets are URL-safe today; quote anyway so a pasted line can never split or expand. */
function shellQuote(value: string): string {
  return /^[\w.:/+=@%-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export function appCommand(program: Command): void {
  const app = program
    .command('app')
    .hook('preAction', exitOnClosedPipe)
    .description('Create and list apps (tenants). Admin API: needs the admin token.')
    .addHelpText(
      'after',
      `
Examples:
  herald app create "My app"
  herald app list --json
  HERALD_ADMIN_TOKEN=… herald app create shop --url https://push.example.com`,
    );

  adminOptions(app.command('create <name>'))
    .description('Create an app and print its appKey and masterSecret (the secret is shown only once).')
    .option('--json', 'print the API answer as JSON')
    .addHelpText(
      'after',
      `
The admin token comes from --admin-token, HERALD_ADMIN_TOKEN, or <HERALD_DATA_DIR or ./data>/admin-token.

Examples:
  herald app create "My app"
  eval "$(herald app create demo | grep ^export)"     # create and use it in this shell
  herald app create demo --json | jq -r .masterSecret`,
    )
    .action(async (name: string, opts: AdminOptions & { json?: boolean }) => {
      const created = await adminClient(opts).post<AppOut>('/v1/apps', { name });
      if (opts.json) return printJson(created);
      const lines = [
        `Created app "${created.name}" (${created.id})`,
        `  appKey        ${created.appKey}`,
        `  masterSecret  ${created.masterSecret ?? '-'}   (shown only now: keep it)`,
        '',
        'Use it from this shell:',
        ...(opts.url !== DEFAULT_URL ? [`export HERALD_URL=${shellQuote(opts.url)}`] : []),
        `export HERALD_APP_KEY=${shellQuote(created.appKey)}`,
        `export HERALD_MASTER_SECRET=${shellQuote(created.masterSecret ?? '')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  adminOptions(app.command('list'))
    .description('List apps (without their secrets).')
    .option('--limit <n>', 'apps per page (1..1000)', intArg(1), 100)
    .option('--all', 'follow nextCursor and list every app')
    .option('--json', 'print {items, nextCursor} as JSON')
    .addHelpText(
      'after',
      `
Examples:
  herald app list
  herald app list --all --json | jq -r '.items[].appKey'`,
    )
    .action(async (opts: AdminOptions & { limit: number; all?: boolean; json?: boolean }) => {
      const page = await listPages<AppOut>(
        adminClient(opts),
        '/v1/apps',
        {},
        { limit: opts.limit, all: Boolean(opts.all) },
      );
      if (opts.json) return printJson(page);
      printTable(
        ['ID', 'NAME', 'APP KEY', 'CREATED'],
        page.items.map((a) => [a.id, a.name, a.appKey, formatTime(a.createdAt)]),
      );
      if (page.nextCursor) process.stderr.write(`(more apps: add --all, or --limit up to 1000)\n`);
    });
}
