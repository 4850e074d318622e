import { retryAfterMs, type SendOutcome } from '../channel.js';
import { parseObject } from '../http/json-object.js';

export const VIVO_SERVER_RETRY_MS = 10_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** "Do not call again today": 10070 total quota, 10252 batch payload quota, 10254 broadcast count. */
const DAILY_QUOTA = new Set([10070, 10252, 10254]);
/**
 * vivo's code for an invalid or expired authToken is not in the copies of the doc we have [I]; 10000
 * ("权限认证失败") is the best reading. Only it triggers a refresh.
 */
export const VIVO_AUTH_FAILED = 10000;

/** A classified vivo answer: `ok` with its body, `reauth`, or a failure outcome. */
export type VivoVerdict =
  | { readonly kind: 'ok'; readonly body: Record<string, unknown> }
  | { readonly kind: 'reauth'; readonly reason: string }
  | { readonly kind: 'failed'; readonly outcome: SendOutcome };

/** Classifies any vivo answer: business errors come with HTTP 200 and a non-zero `result`. */
export function classifyVivoReply(
  status: number,
  text: string,
  retryAfter: string | null,
  now: number,
): VivoVerdict {
  const body = parseObject(text);
  const result = typeof body?.result === 'number' ? body.result : Number.NaN;
  const reason = `vivo ${status} ${Number.isNaN(result) ? '-' : result}: ${String(body?.desc ?? text.slice(0, 200))}`;
  const failed = (outcome: SendOutcome): VivoVerdict => ({ kind: 'failed', outcome });
  if (status === 200 && result === 0 && body) return { kind: 'ok', body };
  if (result === VIVO_AUTH_FAILED) return { kind: 'reauth', reason };
  if (result === 10302) return failed(invalidUser(body?.invalidUser, reason));
  if (DAILY_QUOTA.has(result))
    return failed({ kind: 'quota', afterMs: DAY_MS - ((now + CHINA_OFFSET_MS) % DAY_MS), reason });
  if (status === 429)
    return failed({ kind: 'quota', afterMs: retryAfterMs(retryAfter, now, 60_000), reason });
  if (status >= 500)
    return failed({ kind: 'retry', afterMs: retryAfterMs(retryAfter, now, VIVO_SERVER_RETRY_MS), reason });
  // 10094 appId differs from the token's, 102xx auth parameters: configuration.
  if (result === 10094 || (result >= 10200 && result < 10300) || status === 401 || status === 403) {
    return failed({ kind: 'credential_error', reason });
  }
  return failed({ kind: 'rejected', code: `vivo_${Number.isNaN(result) ? status : result}`, reason });
}

/** Per-target outcomes of pushToList: ids listed in `invalidUsers` ({status, userid}) [I: shape]. */
export function pushToListOutcomes(body: Record<string, unknown>, tokens: readonly string[]): SendOutcome[] {
  const listed = new Map<string, unknown>();
  const list = Array.isArray(body.invalidUsers) ? body.invalidUsers : [body.invalidUser];
  for (const u of list) {
    const user = u as Record<string, unknown> | undefined;
    if (user && user.userid !== undefined) listed.set(String(user.userid), user);
  }
  const id = body.taskId === undefined ? undefined : String(body.taskId);
  const delivered: SendOutcome = id ? { kind: 'delivered', vendorMessageId: id } : { kind: 'delivered' };
  return tokens.map((t) =>
    listed.has(t) ? invalidUser(listed.get(t), 'vivo pushToList: listed in invalidUsers') : delivered,
  );
}

/** invalidUser.status: 1 no such regId, 2 uninstalled or notifications off, 3 offline 90 days → dead; 4 not a test user. */
function invalidUser(user: unknown, reason: string): SendOutcome {
  const status = Number((user as Record<string, unknown> | undefined)?.status);
  if (status === 4) return { kind: 'rejected', code: 'vivo_not_test_user', reason: `${reason} (status 4)` };
  return { kind: 'invalid_token', reason: Number.isNaN(status) ? reason : `${reason} (status ${status})` };
}
