import { CONFIG_SCHEMA, type Config, type ConfigKey } from './schema.js';

/** Parses the environment once, at the composition root; overrides (CLI flags, tests) win. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(CONFIG_SCHEMA) as Array<
    [ConfigKey, (typeof CONFIG_SCHEMA)[ConfigKey]]
  >) {
    const raw = env[entry.env];
    out[key] = raw === undefined ? entry.default : (entry.parse as (r: string) => unknown)(raw);
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) out[key] = value;
  return Object.freeze(out) as Config;
}

/** The config with secrets masked, for `/v1/admin/config` and start-up logs. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(CONFIG_SCHEMA) as Array<[ConfigKey, { secret: boolean }]>) {
    const value = config[key];
    out[key] = entry.secret && value !== undefined ? '********' : value;
  }
  return out;
}
