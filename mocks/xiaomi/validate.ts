import type { MockReply } from '../lib/http-mock.js';
import { xiaomiError } from './replies.js';

const NOTIFY_FLAGS = 1 | 2 | 4;
const TWO_WEEKS_MS = 14 * 86_400_000;
const SEVEN_DAYS_MS = 7 * 86_400_000;

/**
 * The checks MiPush makes on a /message/regid form (vendor-channels.md §4 "What a faithful Xiaomi
 * mock must check"), each with its documented code. Returns the error or the regids.
 */
export function validateXiaomiForm(
  form: Record<string, string>,
  packageName: string,
  now: number,
): MockReply | { readonly regids: readonly string[] } {
  const pkg = form.restricted_package_name;
  if (!pkg) return xiaomiError(21305, 'Must input restricted_package_name', '缺少必要的参数');
  if (!pkg.split(',').includes(packageName))
    return xiaomiError(22022, 'Invalid package name', '应用程序package name不合法');
  const regids = (form.registration_id ?? '').split(',').filter((r) => r !== '');
  if (regids.length === 0)
    return xiaomiError(21305, 'Must input one of: regid/topic/alias', '缺少必要的参数');
  if (regids.length > 1000) return xiaomiError(10017, 'Too many registration_id, at most 1000', '参数值非法');
  const passThrough = form.pass_through ?? '0';
  if (passThrough !== '0' && passThrough !== '1') return illegal('pass_through');
  if (passThrough === '0') {
    const title = form.title ?? '';
    const description = form.description ?? '';
    if (title.trim() === '' || [...title].length >= 50) return illegal('title');
    if (description.trim() === '' || [...description].length >= 128) return illegal('description');
  } else if (!form.payload) {
    return xiaomiError(21305, 'Pass-through messages need a payload', '缺少必要的参数');
  }
  if (Buffer.byteLength(form.payload ?? '') >= 4096)
    return xiaomiError(65009, 'Message content too long', '消息内容太长');
  const notifyType = Number(form.notify_type ?? '-1');
  if (
    !(
      notifyType === -1 ||
      (Number.isInteger(notifyType) && notifyType > 0 && (notifyType & ~NOTIFY_FLAGS) === 0)
    )
  ) {
    return illegal('notify_type');
  }
  const ttl = form.time_to_live;
  if (ttl !== undefined && !(Number(ttl) > 0 && Number(ttl) <= TWO_WEEKS_MS)) return illegal('time_to_live');
  const sendAt = form.time_to_send;
  if (sendAt !== undefined && !(Number(sendAt) <= now + SEVEN_DAYS_MS)) return illegal('time_to_send');
  const extras = Object.entries(form).filter(([k]) => k.startsWith('extra.'));
  if (extras.length > 10) return xiaomiError(65014, 'Too many key-value pairs', '键值对数目太多');
  if (extras.some(([k, v]) => [...k].length > 1024 || [...v].length > 1024)) {
    return xiaomiError(65015, 'Key-value pair too long', '键值对总长度太长');
  }
  return { regids };
}

function illegal(field: string): MockReply {
  return xiaomiError(10017, `Illegal value of ${field}`, '参数值非法');
}
