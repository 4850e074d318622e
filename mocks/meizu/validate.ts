import { createHash } from 'node:crypto';
import { asObject, type MockReply, parseJson } from '../lib/http-mock.js';
import { meizuReply } from './replies.js';

/**
 * The checks Flyme makes on pushByPushId (vendor-channels.md §7 "What a faithful Meizu mock must check"):
 * 110000 unknown appId, 110004 missing parameter, 1006 bad sign, 1005 bad parameter. Returns the error
 * or the pushIds.
 */
export function validateMeizuPush(
  form: Record<string, string>,
  secretOf: (appId: string) => string | undefined,
  varnished: boolean,
): MockReply | { readonly pushIds: readonly string[] } {
  const { appId, pushIds, messageJson, sign } = form;
  if (!appId || !pushIds || !messageJson || !sign) return meizuReply('110004', '参数不能为空');
  const secret = secretOf(appId);
  if (secret === undefined) return meizuReply('110000', 'appId不合法');
  // Recomputed here from the raw (decoded) values, not imported from the channel.
  const text = Object.keys(form)
    .filter((k) => k !== 'sign')
    .sort()
    .map((k) => `${k}=${form[k]}`)
    .join('');
  if (
    createHash('md5')
      .update(text + secret)
      .digest('hex') !== sign
  )
    return meizuReply('1006', '签名认证失败');
  const ids = pushIds.split(',').filter((p) => p !== '');
  if (ids.length === 0 || ids.length > 1000) return meizuReply('1005', 'pushIds个数超过限制');
  const m = asObject(parseJson(messageJson));
  if (!m) return meizuReply('1005', 'messageJson格式错误');
  const fault = varnished ? noticeFault(m) : throughFault(m);
  return fault ?? { pushIds: ids };
}

function noticeFault(m: Record<string, unknown>): MockReply | null {
  const bar = asObject(m.noticeBarInfo);
  const title = bar?.title;
  const content = bar?.content;
  if (typeof title !== 'string' || title === '' || [...title].length > 32)
    return meizuReply('1005', 'title长度不合法');
  if (typeof content !== 'string' || content === '' || [...content].length > 100)
    return meizuReply('1005', 'content长度不合法');
  const key = asObject(m.advanceInfo)?.notifyKey;
  if (key !== undefined && (typeof key !== 'string' || !/^[0-9a-zA-Z_-]{1,8}$/.test(key))) {
    return meizuReply('1005', 'notifyKey不合法');
  }
  return validTimeFault(m);
}

function throughFault(m: Record<string, unknown>): MockReply | null {
  if (typeof m.content !== 'string' || [...m.content].length > 2000)
    return meizuReply('1005', 'content长度不合法');
  return validTimeFault(m);
}

function validTimeFault(m: Record<string, unknown>): MockReply | null {
  const valid = asObject(m.pushTimeInfo)?.validTime;
  if (
    valid !== undefined &&
    !(Number.isInteger(valid) && (valid as number) >= 1 && (valid as number) <= 72)
  ) {
    return meizuReply('1005', 'validTime不合法');
  }
  return null;
}
