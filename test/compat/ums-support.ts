import assert from 'node:assert/strict';
import type { PushRequest } from '../../src/app/push.js';
import { call, eventually, type RunningHerald, type TestApp } from '../support/herald-harness.js';

/** Headers a UMS caller sends: app credentials (appId = Herald appKey, appKey = masterSecret) and/or a token. */
export interface UmsAuth {
  readonly appId?: string;
  readonly appKey?: string;
  readonly accessToken?: string;
  readonly clientId?: string;
}

export interface UmsAnswer {
  readonly retCode: string;
  readonly retInfo: string;
  readonly [field: string]: unknown;
}

export const appServer = (app: TestApp): UmsAuth => ({ appId: app.appKey, appKey: app.masterSecret });

export async function ums(
  h: RunningHerald,
  path: string,
  body: unknown,
  auth: UmsAuth,
  opts: { raw?: string; contentType?: string; method?: string } = {},
): Promise<{ status: number; body: UmsAnswer }> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(auth)) if (v !== undefined) headers[k] = v;
  if (opts.contentType) headers['content-type'] = opts.contentType;
  return call<UmsAnswer>(h, opts.method ?? 'POST', `/ums/v3${path}`, {
    headers,
    ...(opts.raw !== undefined ? { raw: opts.raw } : { body }),
  });
}

/** A user's token from the native API, as the app server would hand it to a terminal after login. */
export async function userToken(h: RunningHerald, app: TestApp, userId?: string): Promise<UmsAuth> {
  const r = await call<{ accessToken: string }>(h, 'POST', '/v1/access-tokens', {
    auth: app.auth,
    body: userId === undefined ? {} : { userId },
  });
  assert.equal(r.status, 201);
  return { accessToken: r.body.accessToken };
}

export function assertSuccess(r: { status: number; body: UmsAnswer }, extraKeys: string[] = []): void {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.retCode, '00000');
  assert.equal(r.body.retInfo, 'success');
  assert.deepEqual(Object.keys(r.body).sort(), ['retCode', 'retInfo', ...extraKeys].sort());
}

/** A refusal: exactly `{retCode, retInfo}`, with the HTTP status of its retCode and retInfo naming `field`. */
export function assertRefused(
  r: { status: number; body: UmsAnswer },
  retCode: string,
  status: number,
  field?: string,
): void {
  assert.equal(r.body.retCode, retCode, JSON.stringify(r.body));
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body).sort(), ['retCode', 'retInfo']);
  assert.equal(typeof r.body.retInfo, 'string');
  if (field !== undefined)
    assert.ok(r.body.retInfo.startsWith(`${field}:`), `${r.body.retInfo} names ${field}`);
}

/** Registers over deviceReg with app credentials; answers the channel token the facade adds. */
export async function umsRegister(
  h: RunningHerald,
  app: TestApp,
  body: Record<string, unknown>,
): Promise<{ deviceId: string; deviceToken: string }> {
  const r = await ums(h, '/deviceReg', body, appServer(app));
  assertSuccess(r, ['deviceId', 'deviceToken']);
  return { deviceId: String(r.body.deviceId), deviceToken: String(r.body.deviceToken) };
}

/** The device ids a message was (or is being) delivered to, from the native API, once its task is done. */
export async function deliveredTo(h: RunningHerald, app: TestApp, messageId: string): Promise<string[]> {
  const items = await eventually(
    async () => {
      const tasks = await call<{ items: Array<{ id: string; status: string }> }>(
        h,
        'POST',
        '/v1/tasks/query',
        {
          auth: app.auth,
          body: { where: { messageId: { $eq: messageId } } },
        },
      );
      const t = tasks.body.items[0];
      if (t?.status !== 'sent') return undefined;
      const r = await call<{ items: Array<{ deviceId: string }> }>(
        h,
        'GET',
        `/v1/messages/${messageId}/deliveries?limit=1000`,
        { auth: app.auth },
      );
      return r.body.items;
    },
    5000,
    `task of ${messageId} sent`,
  );
  return items.map((d) => d.deviceId).sort();
}

/**
 * Records what the facade asks the native push service for: the native API does not show a
 * message's routing, so the routing a UMS push carries is read here, on its way in.
 */
export function spyOnPush(h: RunningHerald): PushRequest[] {
  const svc = h.herald.services.push;
  const original = svc.push.bind(svc);
  const seen: PushRequest[] = [];
  svc.push = async (app, req) => {
    seen.push(req);
    return original(app, req);
  };
  return seen;
}
