import { createHash, randomBytes } from 'node:crypto';
import { asObject, type MockReply } from '../lib/http-mock.js';
import { vivoReply } from './replies.js';

const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const CLOCK_SKEW_MS = 10 * 60_000;

/** A registered app and the tokens issued to it. */
export interface VivoAuthState {
  /** appId → {appKey, appSecret}. */
  readonly apps: Map<string, { readonly appKey: string; readonly appSecret: string }>;
  /** authToken → {appId, expiresAt}. */
  readonly issued: Map<string, { readonly appId: string; readonly expiresAt: number }>;
}

/**
 * `POST /message/auth`. 10200 (appId empty) and 10201 (appKey empty) are documented; the other 102xx
 * numbers used here are in the same family but not verified [I]. The sign is recomputed here from the
 * registered secret (not imported from the channel) so a wrong sign cannot agree with itself.
 */
export function vivoAuth(state: VivoAuthState, body: unknown, now: number): MockReply {
  const b = asObject(body) ?? {};
  const appId = b.appId === undefined ? '' : String(b.appId);
  if (appId === '') return vivoReply(10200, 'appId不能为空');
  if (typeof b.appKey !== 'string' || b.appKey === '') return vivoReply(10201, 'appKey不能为空');
  if (b.timestamp === undefined) return vivoReply(10202, 'timestamp不能为空');
  if (typeof b.sign !== 'string' || b.sign === '') return vivoReply(10203, 'sign不能为空');
  const app = state.apps.get(appId);
  if (!app || app.appKey !== b.appKey) return vivoReply(10205, 'appId或appKey不合法');
  if (Math.abs(Number(b.timestamp) - now) > CLOCK_SKEW_MS) return vivoReply(10206, 'timestamp不合法');
  const expected = createHash('md5')
    .update(`${appId}${app.appKey}${b.timestamp}${app.appSecret}`)
    .digest('hex');
  if (b.sign !== expected) return vivoReply(10204, 'sign不合法');
  const authToken = randomBytes(20).toString('hex');
  state.issued.set(authToken, { appId, expiresAt: now + TOKEN_LIFETIME_MS });
  return vivoReply(0, '请求成功', { authToken });
}

/** The authToken header check on every other call; its failure code is not verified [I]: 10000. */
export function tokenFault(
  state: VivoAuthState,
  token: string | undefined,
  body: unknown,
  now: number,
): MockReply | null {
  const issued = token === undefined ? undefined : state.issued.get(token);
  if (!issued || now >= issued.expiresAt) return vivoReply(10000, '权限认证失败');
  const appId = asObject(body)?.appId;
  if (appId === undefined || String(appId) !== issued.appId) return vivoReply(10094, 'appId与鉴权信息不一致');
  return null;
}
