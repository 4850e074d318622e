import { FakeClock as ManualClock } from '../support/fake-clock.js';
import { call, type RunningHerald, type TestApp } from '../support/herald-harness.js';

/** Starts on a whole second, so every time the test writes survives the seed's two fraction digits. */
export class FakeClock extends ManualClock {
  constructor() {
    super(Math.floor(Date.now() / 1000) * 1000);
  }
}

export const MINUTE = 60_000;
export const HOUR = 3600_000;

/** `yyyy-MM-dd'T'HH:mm:ss.SS'Z'`, written here independently of the facade's own formatter. */
export function seedTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(Math.floor(d.getUTCMilliseconds() / 10))}Z`;
}

export interface SeedErrorBody {
  error: { code: number; msg: string; field?: string };
}

/** An Access-Token for `app`, the way the docs tell a newcomer to get one. */
export async function accessToken(h: RunningHerald, app: TestApp, ttl?: number): Promise<string> {
  const r = await call<{ accessToken: string; expiresAt: number; expiresIn: number }>(
    h,
    'POST',
    '/v1/access-tokens',
    { auth: app.auth, body: ttl === undefined ? {} : { ttl } },
  );
  if (r.status !== 201) throw new Error(`access token: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.accessToken;
}

/** A seed request with the seed's headers (Content-Type and Access-Token on every call, bodies or not). */
export function seedCall<T = Record<string, unknown>>(
  h: RunningHerald,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return call<T>(h, method, `/v2/broadcast${path}`, {
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined ? { 'access-token': token } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
}

/**
 * The request example of task_add and PUT task/{id}, verbatim: every placeholder the document
 * writes as a valid value of its field stays as written (title "消息标题", user "用户ID", days
 * "2016-08-06"…). Only what the document writes as a description of a number or a time (the
 * enum "type"s, "time", "expire") is given a real value.
 */
export function exampleTask(time: string, expire: string, scopeType: number): Record<string, unknown> {
  return {
    title: '消息标题',
    content: '消息内容',
    time,
    expire,
    action: { type: 1, command: '指令', url: '指向地址' },
    scope: exampleScope(scopeType),
  };
}

/** The scope of the examples (also the whole body of task_user), verbatim but for the types. */
export function exampleScope(type: number): Record<string, unknown> {
  return {
    type,
    user: ['用户ID'],
    app_list: ['应用ID', '应用ID'],
    product_list: ['产品ID', '产品ID'],
    group: { type: 1, start_day: '2016-08-06', end_day: '2016-08-06' },
    area: { type: 1, province: '省份', city: '城市' },
    tag: { type: 1, tag_list: ['标签'] },
  };
}

/** A device the example's directed scope matches, but for its last-seen day (set by the test). */
export const EXAMPLE_DEVICE = {
  appPackage: '应用ID',
  productId: '产品ID',
  province: '省份',
  city: '城市',
  tags: ['标签'],
  userId: '用户ID',
} as const;

/** 2016-08-06 12:00 UTC: within the example's group days. */
export const EXAMPLE_DAY_NOON = Date.UTC(2016, 7, 6, 12);
