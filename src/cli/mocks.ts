import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { VENDORS } from '../domain/device.js';
import { checkUrl, urlOption } from './credentials.js';
import { CliError } from './http-client.js';
import { demoDevice, guide, requestLine } from './mocks-guide.js';
import { intArg } from './output.js';

interface MocksOptions {
  dir: string;
  portBase?: number;
  tokens: number;
  url: string;
}

const MAX_PORT = 65_535;
// Each token is a line on the terminal and a registry entry in a mock; a demo needs a handful.
const MAX_TOKENS = 1000;
const DEMO_ALIAS = 'mocks-demo';

/** Resolves on Ctrl-C or SIGTERM; a second Ctrl-C gives up on a clean shutdown. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.once('SIGINT', () => process.exit(130));
      resolve(why);
    };
    const onInt = () => stop('interrupted');
    const onTerm = () => stop('terminated');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/** The nine ports from `base`, refused when past 65535 or overlapping the Herald port the guide uses. */
function checkPortBase(base: number, heraldUrl: string): void {
  const last = base + VENDORS.length - 1;
  if (last > MAX_PORT)
    throw new CliError(`--port-base ${base}: the mocks need ${base}..${last}, past ${MAX_PORT}`);
  const url = new URL(heraldUrl);
  const heraldPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (heraldPort >= base && heraldPort <= last) {
    throw new CliError(
      `--port-base ${base}: the mocks would take ${base}..${last}, which holds Herald's port ${heraldPort}; pick another base, e.g. 9100`,
    );
  }
}

/** Writes a file only its owner may read: the credentials hold private keys and secrets. */
async function writePrivate(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  // The mode applies only on create; an earlier run's file keeps its own.
  await chmod(file, 0o600);
}

export function mocksCommand(program: Command): void {
  urlOption(program.command('mocks'))
    .description(
      'Start a local mock of every vendor (APNs, FCM, Huawei, Xiaomi, OPPO, vivo, Meizu, JPush, Web Push) with demo credentials and device tokens.',
    )
    .addOption(
      new Option('--dir <dir>', 'where to write the credentials, the APNs CA and the tokens').default(
        './data/mocks',
      ),
    )
    .option(
      '--port-base <port>',
      `listen on <port>..<port>+8 (in the order ${VENDORS.join(', ')}); default: free ports`,
      intArg(1),
    )
    .option('--tokens <n>', `device tokens to mint per vendor (at most ${MAX_TOKENS})`, intArg(1), 5)
    .addHelpText(
      'after',
      `
The mocks run in this process on 127.0.0.1 and speak each vendor's protocol: they check the app's
credential (signatures, OAuth grants, signs), the request format and the device tokens, as the real
vendors do. Each start generates fresh credentials and registers them with the mocks; it writes them
to <dir>/<vendor>.json in the body shape of PUT /v1/apps/:id/credentials/<vendor>/prod, with
<dir>/apns-ca.pem (trust for the APNs mock's TLS), <dir>/tokens.json and <dir>/device.json.
Then it prints the commands that start Herald against the mocks, upload the credentials, register a
device and push through a vendor, and logs every request the mocks receive (on stderr) until Ctrl-C.
--url is only the Herald address those printed commands use. Walk-through: docs/mocks.md.

Examples:
  herald mocks                               # free ports, files in ./data/mocks
  herald mocks --port-base 9100 --tokens 2   # fixed ports 9100..9108: the printed endpoints stay valid
  herald mocks --dir /tmp/mocks --url http://127.0.0.1:9000`,
    )
    .action(async (opts: MocksOptions) => {
      const heraldUrl = checkUrl(opts.url);
      if (opts.tokens > MAX_TOKENS) throw new CliError(`--tokens ${opts.tokens}: at most ${MAX_TOKENS}`);
      if (opts.portBase !== undefined) checkPortBase(opts.portBase, heraldUrl);
      // Loaded here, not at the top: the other commands never need the mocks.
      const { startDemoMocks } = await import('../../mocks/demo.js');
      process.stderr.write(`starting ${VENDORS.length} vendor mocks…\n`);
      let demo: Awaited<ReturnType<typeof startDemoMocks>>;
      try {
        demo = await startDemoMocks(opts.portBase === undefined ? {} : { portBase: opts.portBase });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') {
          throw new CliError(
            `a mock port is in use (${e.message}); pick another --port-base or leave it out`,
          );
        }
        throw err;
      }
      try {
        const tokens = demo.mintTokens(opts.tokens);
        await mkdir(opts.dir, { recursive: true });
        for (const vendor of VENDORS) {
          await writePrivate(
            join(opts.dir, `${vendor}.json`),
            `${JSON.stringify(demo.credentials[vendor], null, 2)}\n`,
          );
        }
        await writeFile(join(opts.dir, 'apns-ca.pem'), demo.apnsCa);
        await writeFile(join(opts.dir, 'tokens.json'), `${JSON.stringify(tokens, null, 2)}\n`);
        await writeFile(
          join(opts.dir, 'device.json'),
          `${JSON.stringify(demoDevice(tokens, DEMO_ALIAS), null, 2)}\n`,
        );
        process.stdout.write(
          guide({
            dir: opts.dir,
            heraldUrl,
            urls: demo.urls,
            endpoints: demo.endpoints,
            tokens,
            alias: DEMO_ALIAS,
          }),
        );
      } catch (err) {
        await demo.close();
        throw err;
      }
      const stopWatching = demo.watch((r) => process.stderr.write(`${requestLine(r)}\n`));
      // Tests wait for this line before they use the mocks.
      process.stderr.write('mocks running; every request they receive is logged here. Ctrl-C to stop.\n');
      const why = await untilStopped();
      stopWatching();
      await demo.close();
      process.stderr.write(`mocks stopped (${why})\n`);
      process.exit(0);
    });
}
