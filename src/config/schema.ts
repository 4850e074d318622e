import { ENDPOINT_KEYS, type VendorEndpoints } from '../channels/endpoints.js';

/**
 * The one config schema: every key has a default, a HERALD_* variable, a doc line and a secret flag.
 * `docs/config.md` and the redacted `/v1/admin/config` view are generated from this table.
 */
export interface ConfigEntry<T> {
  readonly env: string;
  readonly doc: string;
  readonly secret: boolean;
  readonly default: T;
  readonly parse: (raw: string) => T;
}

const int = (name: string, min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
};
const str = (raw: string) => raw;
const optional = (raw: string) => (raw === '' ? undefined : raw);
const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (raw: string): T => {
    if (!(values as readonly string[]).includes(raw))
      throw new Error(`${name} must be one of ${values.join(', ')}`);
    return raw as T;
  };

const bool = (name: string) => (raw: string) => {
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0' || raw === '') return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
};
const vendorEndpoints = (raw: string): VendorEndpoints => {
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('HERALD_VENDOR_ENDPOINTS must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('HERALD_VENDOR_ENDPOINTS must be a JSON object');
  for (const [key, value] of Object.entries(parsed)) {
    if (!(ENDPOINT_KEYS as readonly string[]).includes(key))
      throw new Error(`HERALD_VENDOR_ENDPOINTS: unknown key "${key}"; known: ${ENDPOINT_KEYS.join(', ')}`);
    if (typeof value !== 'string' || !/^https?:\/\//.test(value))
      throw new Error(`HERALD_VENDOR_ENDPOINTS.${key} must be an http(s) URL`);
  }
  return parsed as VendorEndpoints;
};

export const CONFIG_SCHEMA = {
  port: {
    env: 'HERALD_PORT',
    doc: 'TCP port of the HTTP API and the WebSocket gateway.',
    secret: false,
    // 8080: unprivileged, and what container platforms expect by default.
    default: 8080,
    parse: int('HERALD_PORT', 0, 65535),
  },
  host: {
    env: 'HERALD_HOST',
    doc: 'Address to listen on.',
    secret: false,
    default: '0.0.0.0',
    parse: str,
  },
  dataDir: {
    env: 'HERALD_DATA_DIR',
    doc: 'Directory for the SQLite database and the generated admin token.',
    secret: false,
    default: './data',
    parse: str,
  },
  databaseUrl: {
    env: 'HERALD_DATABASE_URL',
    doc: 'postgres://… to use PostgreSQL; unset for the embedded SQLite file in the data dir.',
    secret: true,
    default: undefined as string | undefined,
    parse: optional,
  },
  redisUrl: {
    env: 'HERALD_REDIS_URL',
    doc: 'redis://… to route deliveries between several Herald nodes; unset for one process.',
    secret: true,
    default: undefined as string | undefined,
    parse: optional,
  },
  redisPrefix: {
    env: 'HERALD_REDIS_PREFIX',
    doc: 'Prefix of the Redis pub/sub topics, so several Herald deployments can share one Redis.',
    secret: false,
    default: 'herald:',
    parse: str,
  },
  adminToken: {
    env: 'HERALD_ADMIN_TOKEN',
    doc: 'Bearer token for the admin API. If unset, one is generated, kept in the data dir and printed once.',
    secret: true,
    default: undefined as string | undefined,
    parse: optional,
  },
  secretKey: {
    env: 'HERALD_SECRET_KEY',
    doc: 'Key (32 bytes, hex or base64url) sealing vendor credentials at rest. If unset, one is generated and kept in the data dir.',
    secret: true,
    default: undefined as string | undefined,
    parse: optional,
  },
  nodeId: {
    env: 'HERALD_NODE_ID',
    doc: 'Name of this node in a cluster (leases, routing). Defaults to host name and pid.',
    secret: false,
    default: undefined as string | undefined,
    parse: optional,
  },
  logLevel: {
    env: 'HERALD_LOG_LEVEL',
    doc: 'trace, debug, info, warn, error or silent.',
    secret: false,
    default: 'info' as 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent',
    parse: oneOf('HERALD_LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const),
  },
  logFormat: {
    env: 'HERALD_LOG_FORMAT',
    doc: 'json (one object per line), pretty (for people), or auto: pretty on a terminal, json otherwise.',
    secret: false,
    default: 'auto' as 'auto' | 'json' | 'pretty',
    parse: oneOf('HERALD_LOG_FORMAT', ['auto', 'json', 'pretty'] as const),
  },
  heartbeatMs: {
    env: 'HERALD_HEARTBEAT_MS',
    doc: 'How often devices and server exchange heartbeats; a connection silent for twice this is dropped.',
    secret: false,
    // 25 s stays under the 30–60 s idle timeouts of common load balancers and mobile NATs.
    default: 25_000,
    parse: int('HERALD_HEARTBEAT_MS', 1000, 600_000),
  },
  dispatchPageSize: {
    env: 'HERALD_DISPATCH_PAGE_SIZE',
    doc: 'Devices resolved, stored and sent per dispatch step; bounds memory per running task.',
    secret: false,
    default: 1000,
    parse: int('HERALD_DISPATCH_PAGE_SIZE', 1, 100_000),
  },
  leaseMs: {
    env: 'HERALD_LEASE_MS',
    doc: 'How long a node holds a task it dispatches before another node may take it over.',
    secret: false,
    // Long enough for several dispatch pages between renewals, short enough that a crash stalls a task briefly.
    default: 15_000,
    parse: int('HERALD_LEASE_MS', 1000, 3_600_000),
  },
  signatureWindowSec: {
    env: 'HERALD_SIGNATURE_WINDOW_SEC',
    doc: 'Accepted clock skew for HMAC-signed API requests, in seconds.',
    secret: false,
    // 5 minutes, as AWS SigV4 and Stripe webhooks allow.
    default: 300,
    parse: int('HERALD_SIGNATURE_WINDOW_SEC', 1, 86_400),
  },
  webhookRetryBaseMs: {
    env: 'HERALD_WEBHOOK_RETRY_BASE_MS',
    doc: 'First retry delay of a failed webhook call; it doubles per attempt (with jitter), up to 10 minutes.',
    secret: false,
    default: 1000,
    parse: int('HERALD_WEBHOOK_RETRY_BASE_MS', 10, 3_600_000),
  },
  webhookMaxAgeMs: {
    env: 'HERALD_WEBHOOK_MAX_AGE_MS',
    doc: 'A webhook call still failing this long after its events is given up (status failed).',
    secret: false,
    // A day rides out a receiver's outage over a night or a weekend deploy freeze's first day.
    default: 86_400_000,
    parse: int('HERALD_WEBHOOK_MAX_AGE_MS', 1000, 30 * 86_400_000),
  },
  vendorFallbackMs: {
    env: 'HERALD_VENDOR_FALLBACK_MS',
    doc: 'combined strategy: how long the own channel has to get an ack before a vendor channel is used (a push may set its own).',
    secret: false,
    default: 2000,
    parse: int('HERALD_VENDOR_FALLBACK_MS', 0, 86_400_000),
  },
  vendorEndpoints: {
    env: 'HERALD_VENDOR_ENDPOINTS',
    doc: "JSON object of vendor base URLs (apns, fcm, fcmToken, huawei, huaweiToken, xiaomi, oppo, vivo, meizu, jpush); unset keys use the vendors' real endpoints. `herald mocks` prints one for the local mocks.",
    secret: false,
    default: {} as VendorEndpoints,
    parse: vendorEndpoints,
  },
  vendorCaFile: {
    env: 'HERALD_VENDOR_CA_FILE',
    doc: "PEM file of an extra CA trusted for APNs (the local mock's self-signed certificate).",
    secret: false,
    default: undefined as string | undefined,
    parse: optional,
  },
  webpushAllowHttp: {
    env: 'HERALD_WEBPUSH_ALLOW_HTTP',
    doc: 'true: Web Push may POST to http: subscription endpoints. Only for local mocks; real push services are https.',
    secret: false,
    default: false,
    parse: bool('HERALD_WEBPUSH_ALLOW_HTTP'),
  },
  broadcastThreshold: {
    env: 'HERALD_BROADCAST_THRESHOLD',
    doc: 'Audiences of at least this many devices go out as a broadcast: no delivery row per offline device up front; each claims it when it connects. 0: never.',
    secret: false,
    // Below it, a row per device up front costs little, lists every device at once, and pipelines
    // better when most of the audience is connected (bench/fanout.ts: 10 000 devices).
    default: 100_000,
    parse: int('HERALD_BROADCAST_THRESHOLD', 0, 1_000_000_000),
  },
  tokenStaleDays: {
    env: 'HERALD_TOKEN_STALE_DAYS',
    doc: 'Vendor tokens a device has not refreshed for this many days are no longer used (FCM advises 270).',
    secret: false,
    default: 270,
    parse: int('HERALD_TOKEN_STALE_DAYS', 1, 3650),
  },
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMA;
export type Config = { readonly [K in ConfigKey]: ReturnType<(typeof CONFIG_SCHEMA)[K]['parse']> };
