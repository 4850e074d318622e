import type { MockReply } from '../lib/http-mock.js';
import { oppoReply } from './replies.js';

const CLICK_TYPES = new Set([0, 1, 2, 4, 5]);
const TEN_DAYS_S = 864_000;

/**
 * OPPO's checks on Notification fields (vendor-channels.md §5 "What a faithful OPPO mock must check"),
 * whether they arrive as the `notification` object of a unicast or flattened in save_message_content.
 */
export function notificationFault(n: Readonly<Record<string, unknown>>): MockReply | null {
  const title = n.title;
  const content = n.content;
  if (typeof title !== 'string' || title === '' || typeof content !== 'string' || content === '') {
    return oppoReply(40, 'Missing required argument: title or content');
  }
  if ([...title].length > 50) return oppoReply(41, 'Invalid argument: title too long');
  const longText = Number(n.style) === 2;
  if ([...content].length > (longText ? 128 : 50)) return oppoReply(41, 'Invalid argument: content too long');
  if (n.notify_level !== undefined && n.category === undefined)
    return oppoReply(67, 'notify_level needs category');
  const click = Number(n.click_action_type ?? 0);
  if (!CLICK_TYPES.has(click)) return oppoReply(41, 'Invalid argument: click_action_type');
  if ((click === 2 || click === 5) && typeof n.click_action_url !== 'string') {
    return oppoReply(41, 'Invalid argument: click_action_url');
  }
  const params = n.action_parameters;
  if (params !== undefined && (typeof params !== 'string' || params.length > 4000 || !isJson(params))) {
    return oppoReply(41, 'Invalid argument: action_parameters');
  }
  const ttl = n.off_line_ttl;
  if (ttl !== undefined && !(Number(ttl) > 0 && Number(ttl) <= TEN_DAYS_S))
    return oppoReply(41, 'Invalid argument: off_line_ttl');
  return null;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
