import { createHash } from 'node:crypto';

/**
 * The auth signature of OPPO Push ("Auth", server API v1): lowercase hex SHA-256 of
 * `app_key + timestamp + master_secret`, plain concatenation, `timestamp` in epoch milliseconds.
 */
export function oppoSign(appKey: string, timestamp: number | string, masterSecret: string): string {
  return createHash('sha256').update(`${appKey}${timestamp}${masterSecret}`, 'utf8').digest('hex');
}
