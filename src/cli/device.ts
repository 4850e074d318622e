import { type Command, Option } from 'commander';
import { type AppOptions, appClient, appOptions } from './credentials.js';
import { listPages } from './http-client.js';
import { cell, collect, exitOnClosedPipe, formatTime, intArg, printJson, printTable } from './output.js';

interface DeviceOut {
  deviceId: string;
  clientId: string;
  userId: string | null;
  alias: string | null;
  tags: string[];
  status: 1 | 2 | 3;
  lastActiveAt: number | null;
}

interface RegisterOut {
  deviceId: string;
  deviceToken: string;
  created: boolean;
}

// The API speaks seed 000's numeric statuses; people read words.
const STATUS_NAMES: Record<number, string> = { 1: 'registered', 2: 'unregistered', 3: 'updated' };

const DEVICE_TYPES = ['01', '02', '03', '04', '05', '06', '07', '08'];

type ListOptions = AppOptions & {
  user?: string;
  tag?: string;
  alias?: string;
  limit: number;
  all?: boolean;
  json?: boolean;
};

type RegisterOptions = AppOptions & {
  clientId: string;
  package: string;
  type: string;
  user?: string;
  alias?: string;
  tag?: string[];
  test?: boolean;
  json?: boolean;
};

export function deviceCommand(program: Command): void {
  const device = program
    .command('device')
    .hook('preAction', exitOnClosedPipe)
    .description(
      'Register and list devices of an app. App API: needs HERALD_APP_KEY and HERALD_MASTER_SECRET.',
    )
    .addHelpText(
      'after',
      `
Examples:
  herald device register --client-id laptop-1 --user alice --tag beta
  herald device list --tag beta
  herald device list --all --json | jq length`,
    );

  appOptions(device.command('list'))
    .description('List devices, newest registrations last; filters combine with AND.')
    .option('--user <userId>', 'only devices bound to this user')
    .option('--tag <tag>', 'only devices carrying this tag')
    .option('--alias <alias>', 'only devices with this alias')
    .option('--limit <n>', 'devices per page (1..1000)', intArg(1), 100)
    .option('--all', 'follow nextCursor and list every matching device')
    .option('--json', 'print {items, nextCursor} as JSON (full device records)')
    .addHelpText(
      'after',
      `
Examples:
  herald device list
  herald device list --user alice --tag beta
  herald device list --all --json | jq -r '.items[].deviceId'`,
    )
    .action(async (opts: ListOptions) => {
      const query = { userId: opts.user, tag: opts.tag, alias: opts.alias };
      const page = await listPages<DeviceOut>(appClient(opts), '/v1/devices', query, {
        limit: opts.limit,
        all: Boolean(opts.all),
      });
      if (opts.json) return printJson(page);
      printTable(
        ['DEVICE ID', 'CLIENT ID', 'USER', 'ALIAS', 'TAGS', 'STATUS', 'LAST ACTIVE'],
        page.items.map((d) => [
          d.deviceId,
          d.clientId,
          d.userId,
          d.alias,
          cell(d.tags),
          STATUS_NAMES[d.status] ?? d.status,
          formatTime(d.lastActiveAt),
        ]),
      );
      if (page.nextCursor) process.stderr.write('(more devices: add --all, or --limit up to 1000)\n');
    });

  appOptions(device.command('register'))
    .description(
      'Register a device (or update the one with the same client id and package); prints its token.',
    )
    .requiredOption('--client-id <id>', 'unique id of the device, e.g. its MAC address')
    .option('--package <name>', 'app package / bundle id', 'com.example')
    .addOption(
      new Option('--type <code>', 'device type: 01 phone … 08 speaker').choices(DEVICE_TYPES).default('01'),
    )
    .option('--user <userId>', 'bind the device to a user')
    .option('--alias <alias>', 'alias of the device')
    .option('--tag <tag>', 'tag the device (repeatable)', collect)
    .option('--test', 'mark as a test device (reached by `herald push --test-only`)')
    .option('--json', 'print the API answer as JSON')
    .addHelpText(
      'after',
      `
Examples:
  herald device register --client-id laptop-1
  herald device register --client-id tv-7 --type 03 --user alice --tag beta --tag living-room
  TOKEN=$(herald device register --client-id x --json | jq -r .deviceToken)`,
    )
    .action(async (opts: RegisterOptions) => {
      const r = await appClient(opts).post<RegisterOut>('/v1/devices', {
        clientId: opts.clientId,
        appPackage: opts.package,
        deviceType: opts.type,
        ...(opts.user !== undefined ? { userId: opts.user } : {}),
        ...(opts.alias !== undefined ? { alias: opts.alias } : {}),
        ...(opts.tag ? { tags: opts.tag } : {}),
        ...(opts.test ? { isTest: true } : {}),
      });
      if (opts.json) return printJson(r);
      process.stdout.write(
        `${r.created ? 'Registered' : 'Updated'} device\n  deviceId     ${r.deviceId}\n  deviceToken  ${r.deviceToken}\n`,
      );
    });
}
