import { createHash } from 'node:crypto';
import type { RunningHerald, TestApp } from '../support/herald-harness.js';

export interface PspAnswer {
  readonly status: number;
  readonly body: {
    ret?: unknown;
    data?: { task_id?: unknown; error_code?: unknown; error_msg?: unknown } & Record<string, unknown>;
  } & Record<string, unknown>;
}

/**
 * The seed's Java example, computed independently of src/ (which must agree with it):
 * md5Hex(appkey.toLowerCase() + appMasterSecret.toLowerCase() + timestamp).
 */
export function md5Token(appKey: string, secret: string, timestamp: string): string {
  return createHash('md5').update(`${appKey.toLowerCase()}${secret.toLowerCase()}${timestamp}`).digest('hex');
}

/** The three PSP headers for `app` at `timestamp` (default now). */
export function pspHeaders(app: Pick<TestApp, 'appKey' | 'masterSecret'>, timestamp = String(Date.now())) {
  return {
    appkey: app.appKey,
    timestamp,
    validation_token: md5Token(app.appKey, app.masterSecret, timestamp),
  };
}

/** A raw PSP request: `headers` replace the signed defaults (undefined drops one); `raw` sends text as is. */
export async function psp(
  h: RunningHerald,
  path: string,
  opts: {
    app?: Pick<TestApp, 'appKey' | 'masterSecret'>;
    body?: unknown;
    raw?: string;
    method?: string;
    headers?: Record<string, string | undefined>;
    contentType?: string;
  },
): Promise<PspAnswer> {
  const headers: Record<string, string> = {};
  const merged = { ...(opts.app ? pspHeaders(opts.app) : {}), ...opts.headers };
  for (const [k, v] of Object.entries(merged)) if (v !== undefined) headers[k] = v;
  const payload = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${h.url}${path}`, {
    method: opts.method ?? 'POST',
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

/**
 * The seed's request examples as it prints them, comments removed. "xx" is the seed's placeholder;
 * `fill` replaces only the placeholders a test names, so every other field is sent as printed
 * ("xx" is a legal title, custom, description and tag).
 */
export const SEED_EXAMPLES = {
  /** "第三方调用消息推送" (third-party push) and "警务消息推送" (police push) print the same request. */
  msg: `{
"type":"xx",
"device_tokens":"xx",
"payload":
	{
	"display_type":"xx",
	"body":
		{
		"title":"xx",
		"custom":"xx"
		},
		"production_mode":"true/false",
		"description":"xx",
		"tag":"xx"
	}
}`,
  /** "策略配置推送" (strategy/config push). */
  config: `{
"type":"xx",
"device_tokens":"xx",
"payload":
	{
	"body": "for example:cache=2&submit=10",
	"production_mode":"true/false",
	"description":"xx",
	"tag":"xx"
	}
}`,
} as const;

/** Replaces the placeholder of each named field (`"field":"xx"` or the seed's other sample values). */
export function fill(template: string, values: Record<string, string>): string {
  let out = template;
  for (const [field, value] of Object.entries(values)) {
    const re = new RegExp(`("${field}":\\s*)"[^"]*"`);
    if (!re.test(out)) throw new Error(`the seed example has no field ${field}`);
    out = out.replace(re, `$1${JSON.stringify(value)}`);
  }
  return out;
}

/**
 * A groupcast of a seed example: the seed's only target field is device_tokens (unicast) and it
 * names none for groupcast, so that line becomes Herald's user_ids or org_ids (docs/compat/001-psp.md).
 */
export function groupcast(template: string, field: 'user_ids' | 'org_ids', ids: string): string {
  const line = '\n"device_tokens":"xx",';
  if (!template.includes(line)) throw new Error('the seed example has no device_tokens line');
  return fill(template.replace(line, `\n"${field}":${JSON.stringify(ids)},`), { type: 'groupcast' });
}
