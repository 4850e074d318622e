import { type Command, InvalidArgumentError, Option } from 'commander';
import { type AppOptions, appClient, appOptions } from './credentials.js';
import { CliError } from './http-client.js';
import { exitOnClosedPipe, intArg, printJson, secondsArg } from './output.js';
import { reportWatch, watchTask } from './task-watch.js';

interface PushOut {
  taskId: string;
  messageId: string;
  duplicate: boolean;
}

type PushOptions = AppOptions & {
  all?: boolean;
  device?: string[];
  user?: string[];
  alias?: string[];
  tag?: string[];
  title?: string;
  body?: string;
  data?: Record<string, unknown>;
  kind: string;
  requestId?: string;
  ttl?: number;
  priority?: string;
  testOnly?: boolean;
  json?: boolean;
  watch?: boolean;
  timeout: number;
};

function jsonObjectArg(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new InvalidArgumentError('not valid JSON; quote it for the shell, e.g. --data \'{"orderId": 7}\'');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError('must be a JSON object, e.g. {"orderId": 7}');
  }
  return value as Record<string, unknown>;
}

/** The API's audience: 'all', or lists that AND together (values within a list OR). */
function audienceOf(opts: PushOptions): 'all' | Record<string, string[]> {
  const lists: Record<string, string[] | undefined> = {
    deviceIds: opts.device,
    userIds: opts.user,
    aliases: opts.alias,
    tags: opts.tag,
  };
  const given = Object.fromEntries(
    Object.entries(lists).filter((e): e is [string, string[]] => (e[1]?.length ?? 0) > 0),
  );
  const any = Object.keys(given).length > 0;
  if (opts.all && any) throw new CliError('use either --all or --device/--user/--alias/--tag, not both');
  if (opts.all) return 'all';
  if (!any) throw new CliError('say who gets it: --all, or at least one of --device, --user, --alias, --tag');
  return given;
}

export function pushCommand(program: Command): void {
  appOptions(program.command('push'))
    .hook('preAction', exitOnClosedPipe)
    .description('Send a message to devices: everyone, or devices matched by id, user, alias and tag.')
    .option('--all', 'every registered device of the app')
    .option('--device <id...>', 'device ids')
    .option('--user <id...>', 'user ids')
    .option('--alias <alias...>', 'device aliases')
    .option('--tag <tag...>', 'tags')
    .option('--title <text>', 'notification title')
    .option('--body <text>', 'notification body')
    .option('--data <json>', 'custom key-values for the app, a JSON object', jsonObjectArg)
    .addOption(
      new Option('--kind <kind>', 'notification: shown; message: handed to the app; config: app settings')
        .choices(['notification', 'message', 'config'])
        .default('notification'),
    )
    .option('--request-id <id>', 'idempotency key: repeating it sends nothing new')
    .option('--ttl <seconds>', 'how long offline devices may still get it (default 7 days)', intArg(0))
    .addOption(new Option('--priority <p>', 'delivery priority').choices(['high', 'normal']))
    .option('--test-only', 'only reach test devices (options.production=false)')
    .option('--json', 'print the API answer as JSON')
    .option('--watch', 'then show live delivery progress, like `herald task watch`')
    .option('--timeout <s>', 'with --watch: give up after this many seconds (exit code 2)', secondsArg, 30)
    .addHelpText(
      'after',
      `
Audience: --all, or any of --device/--user/--alias/--tag. Several values of one flag match any of them;
different flags must all match (--user alice --tag beta: alice's devices tagged beta).

Examples:
  herald push --all --title Hi --body "Hello from Herald" --watch
  herald push --user alice bob --title "Order shipped" --data '{"orderId": 7}'
  herald push --tag beta --kind message --data '{"refresh": true}' --request-id deploy-42
  herald push --all --test-only --title "Only test devices see this"`,
    )
    .action(async (opts: PushOptions) => {
      const audience = audienceOf(opts);
      const message = {
        kind: opts.kind,
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        ...(opts.data !== undefined ? { data: opts.data } : {}),
      };
      const options = {
        ...(opts.requestId !== undefined ? { requestId: opts.requestId } : {}),
        ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
        ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
        ...(opts.testOnly ? { production: false } : {}),
      };
      const client = appClient(opts);
      const r = await client.post<PushOut>('/v1/push', {
        audience,
        message,
        ...(Object.keys(options).length > 0 ? { options } : {}),
      });
      if (opts.json) printJson(r);
      else process.stdout.write(`taskId     ${r.taskId}\nmessageId  ${r.messageId}\n`);
      if (r.duplicate)
        process.stderr.write('(duplicate request id: this is the earlier push; nothing new was sent)\n');
      if (opts.watch) reportWatch(await watchTask(client, r.taskId, opts.timeout), opts.timeout);
    });
}
