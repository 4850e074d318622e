import type { Command } from 'commander';
import { type AppOptions, appClient, appOptions } from './credentials.js';
import { CliError } from './http-client.js';
import { collect, exitOnClosedPipe, intArg, secondsArg } from './output.js';
import { Fleet, registerFleet } from './simulate-fleet.js';

/**
 * Each device holds a socket (a file descriptor), and this machine allows 20 000 open files per
 * process; the rest of the budget covers registration requests, stdio and the runtime itself.
 */
export const MAX_DEVICES_PER_PROCESS = 15_000;

type SimulateOptions = AppOptions & {
  devices: number;
  prefix: string;
  package: string;
  tag?: string[];
  userPrefix?: string;
  duration?: number;
  concurrency: number;
  jsonSummary?: boolean;
};

export interface SimulateSummary {
  devices: number;
  connected: number;
  received: Record<string, number>;
}

/** Resolves on --duration, Ctrl-C or SIGTERM; a second Ctrl-C gives up on a clean shutdown. */
function untilStopped(durationSec: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => {
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.once('SIGINT', () => process.exit(130));
      resolve(why);
    };
    const onInt = () => stop('interrupted');
    const onTerm = () => stop('terminated');
    const timer =
      durationSec === undefined
        ? undefined
        : setTimeout(() => stop(`${durationSec} s passed`), durationSec * 1000);
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

function tickLine(fleet: Fleet, elapsedSec: number, changed: Array<[string, number]>): string {
  const parts = [
    `[${elapsedSec}s] connected ${fleet.connected()}/${fleet.size}`,
    `received ${fleet.totalReceived}`,
  ];
  for (const [id, n] of changed) parts.push(`${id} ${n}/${fleet.size}`);
  if (fleet.errors > 0) parts.push(`errors ${fleet.errors} (last: ${fleet.lastError})`);
  return `${parts.join('  ')}\n`;
}

export function simulateCommand(program: Command): void {
  appOptions(program.command('simulate'))
    .hook('preAction', exitOnClosedPipe)
    .description('Register N devices and keep them connected like real ones, counting what they receive.')
    .requiredOption(
      '--devices <n>',
      `how many devices (at most ${MAX_DEVICES_PER_PROCESS} per process)`,
      intArg(1),
    )
    .option('--prefix <prefix>', 'device i gets clientId <prefix>-<i>', 'sim')
    .option('--package <name>', 'app package of the devices', 'com.herald.sim')
    .option('--tag <tag>', 'tag every device (repeatable)', collect)
    .option('--user-prefix <prefix>', 'bind device i to user <prefix>-<i>')
    .option('--duration <s>', 'stay connected this long once all are up (default: until Ctrl-C)', secondsArg)
    .option('--concurrency <n>', 'registrations and handshakes in flight at once', intArg(1), 50)
    .option('--json-summary', 'print only one JSON object on stdout at the end; progress goes to stderr')
    .addHelpText(
      'after',
      `
Registration is idempotent, so running again with the same --prefix reuses the same devices. Every
second a line shows how many are connected, the messages received, and each message that reached more
devices since the last line. To go past ${MAX_DEVICES_PER_PROCESS} devices, run several processes with different prefixes.

Examples:
  herald simulate --devices 100
  herald simulate --devices 1000 --tag beta --user-prefix user --duration 60
  herald simulate --devices 10000 --prefix simA --duration 120 --json-summary > simA.json &
  herald simulate --devices 10000 --prefix simB --duration 120 --json-summary > simB.json &`,
    )
    .action(async (opts: SimulateOptions) => {
      if (opts.devices > MAX_DEVICES_PER_PROCESS) {
        const procs = Math.ceil(opts.devices / MAX_DEVICES_PER_PROCESS);
        throw new CliError(
          `--devices ${opts.devices} is too many for one process: each device holds an open socket and this machine ` +
            `allows 20 000 open files per process. Run ${procs} simulate processes of at most ${MAX_DEVICES_PER_PROCESS} ` +
            `devices each, with different --prefix values (e.g. --prefix simA, --prefix simB).`,
        );
      }
      const client = appClient(opts);
      const log = opts.jsonSummary ? process.stderr : process.stdout;
      const startedRegistering = Date.now();
      const tokens = await registerFleet(
        client,
        {
          devices: opts.devices,
          prefix: opts.prefix,
          package: opts.package,
          tags: opts.tag ?? [],
          userPrefix: opts.userPrefix,
          concurrency: opts.concurrency,
        },
        log,
      );
      log.write(
        `registered ${tokens.length} devices in ${((Date.now() - startedRegistering) / 1000).toFixed(1)} s\n`,
      );

      const fleet = new Fleet(client.url, tokens);
      await fleet.connectAll(opts.concurrency, log);
      // Tests and benchmark scripts wait for this line before they push.
      log.write(
        `connected ${fleet.connected()}/${fleet.size}; ${opts.duration === undefined ? 'Ctrl-C to stop' : `running for ${opts.duration} s`}\n`,
      );

      const shown = new Map<string, number>();
      const startedRunning = Date.now();
      const ticker = setInterval(() => {
        const changed = [...fleet.received].filter(([id, n]) => shown.get(id) !== n);
        for (const [id, n] of changed) shown.set(id, n);
        log.write(tickLine(fleet, Math.round((Date.now() - startedRunning) / 1000), changed));
      }, 1000);
      const why = await untilStopped(opts.duration);
      clearInterval(ticker);

      const summary: SimulateSummary = {
        devices: fleet.size,
        connected: fleet.connected(),
        received: Object.fromEntries(fleet.received),
      };
      fleet.close();
      if (opts.jsonSummary) process.stdout.write(`${JSON.stringify(summary)}\n`);
      else {
        const lines = [
          `stopped (${why}): ${summary.devices} devices, ${summary.connected} connected at the end`,
        ];
        for (const [id, n] of fleet.received) lines.push(`  ${id}  ${n}/${summary.devices} devices`);
        if (fleet.received.size === 0) lines.push('  no messages received');
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      // Closing handshakes normally finish at once; do not let a silent server hold the process open.
      setTimeout(() => process.exit(), 3000).unref();
    });
}
