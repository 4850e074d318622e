import type { MockReply } from '../lib/http-mock.js';
import { vivoReply } from './replies.js';

/**
 * vivo's checks on the notification fields of /message/send and /message/saveListPayload
 * (vendor-channels.md §6 "What a faithful vivo mock must check"). The exact result numbers for field
 * errors are not verified [I]; the desc names the field.
 */
export function notificationFault(b: Readonly<Record<string, unknown>>): MockReply | null {
  const requestId = b.requestId;
  if (typeof requestId !== 'string' || requestId === '' || requestId.length > 64)
    return bad(10055, 'requestId');
  if (![1, 2, 3, 4].includes(b.notifyType as number)) return bad(10053, 'notifyType');
  if (typeof b.title !== 'string' || b.title === '' || width(b.title) > 40) return bad(10056, 'title');
  if (typeof b.content !== 'string' || b.content === '' || width(b.content) > 100)
    return bad(10057, 'content');
  const skipType = b.skipType as number;
  if (![1, 2, 3, 4].includes(skipType)) return bad(10058, 'skipType');
  if (skipType !== 1 && (typeof b.skipContent !== 'string' || b.skipContent === ''))
    return bad(10059, 'skipContent');
  const ttl = b.timeToLive;
  if (ttl !== undefined && !(Number.isInteger(ttl) && (ttl as number) >= 60 && (ttl as number) <= 604_800)) {
    return bad(10060, 'timeToLive');
  }
  const map = b.clientCustomMap;
  if (map !== undefined) {
    const pairs = Object.entries((map ?? {}) as Record<string, unknown>);
    const total = pairs.reduce((sum, [k, v]) => sum + k.length + String(v).length, 0);
    if (pairs.length > 10 || total > 1024 || pairs.some(([, v]) => typeof v !== 'string'))
      return bad(10061, 'clientCustomMap');
  }
  return null;
}

function bad(result: number, field: string): MockReply {
  return vivoReply(result, `${field}不合法`);
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp > 0x7f && cp < 0x1f000 ? 2 : 1;
  }
  return w;
}
