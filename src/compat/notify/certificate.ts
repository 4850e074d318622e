import type { CredentialView } from '../../app/credentials.js';
import type { Environment } from '../../domain/credential.js';
import type { Vendor } from '../../domain/device.js';
import { HeraldError, invalid } from '../../domain/errors.js';

/** Seed 004's `provider` codes. */
export const PROVIDERS = {
  1: 'apns',
  2: 'huawei',
  3: 'xiaomi',
  4: 'meizu',
  5: 'vivo',
  6: 'oppo',
  7: 'fcm',
} as const satisfies Record<number, Vendor>;
export type ProviderVendor = (typeof PROVIDERS)[keyof typeof PROVIDERS];

/** Seed 004's `environment` codes; 1 (production) when left out, as the seed says. */
export const ENVIRONMENT_CODES = { 0: 'dev', 1: 'prod' } as const satisfies Record<number, Environment>;

export interface SeedCertificate {
  readonly app_id: string | null;
  readonly app_key: string | null;
  readonly app_secret: string | null;
  readonly certificate: string | null;
  readonly name: string | null;
}
type SeedField = keyof SeedCertificate;
const SEED_FIELDS: readonly SeedField[] = ['app_id', 'app_key', 'app_secret', 'certificate', 'name'];

/**
 * Which native credential field each seed field holds, per vendor. A seed field a vendor has no
 * counterpart for is null on read and refused on upload. `*` is FCM's whole service-account JSON:
 * that file is the certificate.
 */
export const CERTIFICATE_FIELDS: Readonly<Record<ProviderVendor, Partial<Record<SeedField, string>>>> = {
  apns: { app_id: 'teamId', app_key: 'keyId', certificate: 'privateKeyPem', name: 'topic' },
  huawei: { app_id: 'appId', app_secret: 'clientSecret' },
  xiaomi: { app_secret: 'appSecret', name: 'packageName' },
  meizu: { app_id: 'appId', app_secret: 'appSecret' },
  vivo: { app_id: 'appId', app_key: 'appKey', app_secret: 'appSecret' },
  oppo: { app_key: 'appKey', app_secret: 'masterSecret' },
  fcm: { app_id: 'project_id', name: 'client_email', certificate: '*' },
};

/** Query and body values arrive as text or numbers; only the listed digits are codes. */
function code<T extends Record<number, string>>(field: string, raw: unknown, table: T): T[keyof T] {
  const text = typeof raw === 'number' ? String(raw) : raw;
  const hit = typeof text === 'string' && /^\d$/.test(text) ? table[Number(text)] : undefined;
  if (hit === undefined) throw invalid(field, `must be one of ${Object.keys(table).join(', ')}`);
  return hit as T[keyof T];
}

export function parseProvider(raw: unknown): ProviderVendor {
  if (raw === undefined || raw === '' || raw === null)
    throw invalid('provider', 'is required (1 APNs … 7 FCM)');
  return code('provider', raw, PROVIDERS);
}

export function parseEnvironment(raw: unknown): Environment {
  return raw === undefined || raw === '' || raw === null
    ? 'prod'
    : code('environment', raw, ENVIRONMENT_CODES);
}

/** A stored credential, already masked by the native view, in the seed's five fields. */
export function toSeedCertificate(vendor: ProviderVendor, view: CredentialView): SeedCertificate {
  const masked = (view.credential ?? {}) as Record<string, unknown>;
  const map = CERTIFICATE_FIELDS[vendor];
  const pick = (f: SeedField): string | null => {
    const native = map[f];
    if (native === undefined) return null;
    const v = native === '*' ? JSON.stringify(masked) : masked[native];
    return typeof v === 'string' ? v : null;
  };
  return {
    app_id: pick('app_id'),
    app_key: pick('app_key'),
    app_secret: pick('app_secret'),
    certificate: pick('certificate'),
    name: pick('name'),
  };
}

/**
 * The body of an upload (`POST /push/certificate`, Herald's addition) as the native credential the
 * vendor's validator checks. APNs takes its host from the environment the certificate is filed under.
 */
export function fromSeedCertificate(
  vendor: ProviderVendor,
  environment: Environment,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const map = CERTIFICATE_FIELDS[vendor];
  const out: Record<string, unknown> = {};
  // The whole-file certificate first: other fields of such a vendor only name what is inside it.
  const ordered = [...SEED_FIELDS].sort((a, b) => Number(map[b] === '*') - Number(map[a] === '*'));
  const whole = map.certificate === '*';
  for (const f of ordered) {
    const value = body[f];
    if (value === undefined || value === null || value === '') continue;
    const native = map[f];
    if (native === undefined)
      throw invalid(f, `provider ${vendor} has no ${f}; give ${Object.keys(map).join(', ')}`);
    if (typeof value !== 'string') throw invalid(f, 'must be a string');
    if (native !== '*') {
      if (whole && out[native] !== value)
        throw invalid(
          f,
          `must match the certificate's ${native} (or be left out: it is read from the certificate)`,
        );
      out[native] = value;
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid(f, 'must be the service-account JSON file content');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalid(f, 'must be the service-account JSON file content');
    Object.assign(out, parsed);
  }
  if (vendor === 'apns') out.environment = environment === 'prod' ? 'production' : 'development';
  return out;
}

/** A native refusal of `credential.<field>` renamed to the seed field that carried it. */
export function seedCredentialError(vendor: ProviderVendor, err: unknown): unknown {
  if (!(err instanceof HeraldError) || err.field === undefined || !err.field.startsWith('credential'))
    return err;
  const native = err.field.replace(/^credential\.?/, '');
  const map = CERTIFICATE_FIELDS[vendor];
  const seed =
    map.certificate === '*'
      ? `certificate${native ? `.${native}` : ''}`
      : ((Object.keys(map) as SeedField[]).find((f) => map[f] === native) ?? 'certificate');
  const detail = err.message.replace(/^credential(\.[\w]+)?: /, '');
  return invalid(seed, native && !seed.startsWith('certificate') ? detail.split(native).join(seed) : detail);
}
