import { createHash } from 'node:crypto';

/**
 * The auth signature of vivo Push (`/message/auth`, API doc 2.9.2): lowercase hex MD5 of the trimmed
 * values concatenated as `appId + appKey + timestamp + appSecret`, `timestamp` in epoch milliseconds.
 */
export function vivoSign(
  appId: string,
  appKey: string,
  timestamp: number | string,
  appSecret: string,
): string {
  const text = `${appId.trim()}${appKey.trim()}${timestamp}${appSecret.trim()}`;
  return createHash('md5').update(text, 'utf8').digest('hex');
}
