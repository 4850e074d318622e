import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, callOk, pool } from './http.js';
import { log, spawnNode, stop, waitFor } from './proc.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitHealthy(port: number, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `127.0.0.1:${port}/healthz`,
    async () => {
      if (child.exitCode !== null)
        throw new Error(`server exited with code ${child.exitCode} before it was healthy`);
      return (await call(port, 'GET', '/healthz', undefined).catch(() => ({ status: 0 }))).status === 200;
    },
    timeoutMs,
  );
}

export interface HeraldServer {
  readonly port: number;
  readonly child: ChildProcess;
  readonly adminAuth: string;
  readonly adminToken: string;
  readonly dataDir: string;
  /** Set when the server runs on PostgreSQL (a fresh database, dropped by stop()). */
  readonly databaseUrl: string | undefined;
  stop(): Promise<void>;
}

/** PostgreSQL on this machine; each run gets a fresh database because the store takes no schema option. */
const PG = { host: '127.0.0.1', user: 'postgres' };

/** A Herald child on its own temp data dir (SQLite) or a fresh PostgreSQL database, removed by stop(). */
export async function startHerald(opts: {
  db: 'sqlite' | 'postgres';
  dataDir?: string;
  adminToken?: string;
  keepData?: boolean;
  /** Extra HERALD_* settings for this run. */
  env?: NodeJS.ProcessEnv;
}): Promise<HeraldServer> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'herald-bench-'));
  const token = opts.adminToken ?? randomBytes(16).toString('hex');
  let dbName: string | undefined;
  let databaseUrl: string | undefined;
  if (opts.db === 'postgres') {
    dbName = `herald_bench_${randomBytes(4).toString('hex')}`;
    execFileSync('createdb', ['-h', PG.host, '-U', PG.user, dbName]);
    databaseUrl = `postgres://${PG.user}@${PG.host}:5432/${dbName}`;
  }
  const child = spawnNode(['bin/herald.js', 'serve'], 'herald', {
    HERALD_PORT: String(port),
    HERALD_HOST: '127.0.0.1',
    HERALD_DATA_DIR: dataDir,
    HERALD_ADMIN_TOKEN: token,
    HERALD_LOG_LEVEL: process.env.BENCH_HERALD_LOG_LEVEL ?? 'warn',
    // undefined drops an inherited value: spawn skips undefined variables.
    HERALD_DATABASE_URL: databaseUrl,
    ...opts.env,
  });
  let stopping = false;
  child.on('exit', (code, signal) => {
    // Other sessions share this machine; a server killed from outside must not pass for a slow one.
    if (!stopping) log(`herald (pid ${child.pid}) exited unexpectedly: code ${code}, signal ${signal}`);
  });
  const cleanup = async () => {
    stopping = true;
    await stop(child, 5000);
    if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      try {
        execFileSync('dropdb', ['-h', PG.host, '-U', PG.user, '--if-exists', dbName]);
      } catch (err) {
        log(`could not drop ${dbName}: ${String(err)}`);
      }
    }
  };
  try {
    await waitHealthy(port, child);
  } catch (err) {
    await cleanup();
    throw err;
  }
  log(`herald (${opts.db}) up on 127.0.0.1:${port}, pid ${child.pid}`);
  return {
    port,
    child,
    adminAuth: `Bearer ${token}`,
    adminToken: token,
    dataDir,
    databaseUrl,
    stop: cleanup,
  };
}

export interface BenchApp {
  readonly basicAuth: string;
}

export async function createApp(h: HeraldServer): Promise<BenchApp> {
  const app = await callOk<{ appKey: string; masterSecret: string }>(
    h.port,
    'POST',
    '/v1/apps',
    h.adminAuth,
    { name: 'bench' },
    [201],
  );
  return { basicAuth: `Basic ${Buffer.from(`${app.appKey}:${app.masterSecret}`).toString('base64')}` };
}

export interface BenchDevice {
  readonly deviceId: string;
  readonly deviceToken: string;
}

/** Registers n devices through the public API, reporting progress every ~10 %. */
export async function registerDevices(h: HeraldServer, app: BenchApp, n: number): Promise<BenchDevice[]> {
  const started = Date.now();
  let done = 0;
  const step = Math.max(1, Math.ceil(n / 10));
  const devices = await pool(
    Array.from({ length: n }, (_, i) => i),
    16,
    async (i) => {
      const d = await callOk<BenchDevice>(
        h.port,
        'POST',
        '/v1/devices',
        app.basicAuth,
        { clientId: `bench-${i}`, appPackage: 'dev.herald.bench', deviceType: '01', tags: ['bench'] },
        [200, 201],
      );
      if (++done % step === 0) log(`registered ${done}/${n} devices`);
      return { deviceId: d.deviceId, deviceToken: d.deviceToken };
    },
  );
  const s = (Date.now() - started) / 1000;
  log(`registered ${n} devices in ${s.toFixed(1)} s (${Math.round(n / s)}/s)`);
  return devices;
}
