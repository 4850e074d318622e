import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { CliError, HeraldHttp } from './http-client.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export interface UrlOptions {
  url: string;
}

export interface AdminOptions extends UrlOptions {
  adminToken?: string;
}

export interface AppOptions extends UrlOptions {
  appKey?: string;
  masterSecret?: string;
}

/** `--url`, falling back to HERALD_URL and then the port `herald serve` uses by default. */
export function urlOption(cmd: Command): Command {
  return cmd.addOption(new Option('--url <url>', 'Herald server').env('HERALD_URL').default(DEFAULT_URL));
}

export function adminOptions(cmd: Command): Command {
  return urlOption(cmd).addOption(
    new Option('--admin-token <token>', 'admin API token (else <data dir>/admin-token)').env(
      'HERALD_ADMIN_TOKEN',
    ),
  );
}

export function appOptions(cmd: Command): Command {
  return urlOption(cmd)
    .addOption(new Option('--app-key <key>', 'app key, from `herald app create`').env('HERALD_APP_KEY'))
    .addOption(
      new Option('--master-secret <secret>', 'the app key’s master secret').env('HERALD_MASTER_SECRET'),
    );
}

export function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--url ${JSON.stringify(url)} is not a URL; expected e.g. ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`--url must be http:// or https://, got ${parsed.protocol}`);
  }
  return url;
}

/** Flag, then HERALD_ADMIN_TOKEN (both via commander), then the file `herald serve` wrote on first start. */
export function adminClient(opts: AdminOptions, env: NodeJS.ProcessEnv = process.env): HeraldHttp {
  const url = checkUrl(opts.url);
  if (opts.adminToken) return new HeraldHttp(url, { kind: 'admin', token: opts.adminToken });
  const file = join(env.HERALD_DATA_DIR || './data', 'admin-token');
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch {
    throw new CliError(
      `no admin token: pass --admin-token, set HERALD_ADMIN_TOKEN, or run where ${file} exists (herald serve writes it on first start)`,
    );
  }
  if (!token) throw new CliError(`${file} is empty; pass --admin-token or set HERALD_ADMIN_TOKEN`);
  return new HeraldHttp(url, { kind: 'admin', token });
}

export function appClient(opts: AppOptions): HeraldHttp {
  const url = checkUrl(opts.url);
  if (!opts.appKey || !opts.masterSecret) {
    throw new CliError(
      'missing app credentials: pass --app-key and --master-secret, or set HERALD_APP_KEY and HERALD_MASTER_SECRET (`herald app create <name>` prints them)',
    );
  }
  return new HeraldHttp(url, { kind: 'app', appKey: opts.appKey, masterSecret: opts.masterSecret });
}
