import { createHash, randomBytes } from 'node:crypto';
import type { MockReply } from '../lib/http-mock.js';
import { oppoReply } from './replies.js';

/** Auth tokens live 24 hours; timestamps must be within ten minutes of server time. */
const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const CLOCK_SKEW_MS = 10 * 60_000;

/** What the mock's auth endpoint shares with its send endpoints. */
export interface OppoAuthState {
  /** app_key → master_secret. */
  readonly apps: Map<string, string>;
  /** auth_token → expiry (epoch ms). */
  readonly issued: Map<string, number>;
}

/**
 * `POST /server/v1/auth`: the checks in the order OPPO documents their codes (15/17/18 missing,
 * 14 unknown app_key, 19 bad timestamp, 16 bad sign). The sign is recomputed from the registered
 * master secret, so a wrong secret is refused exactly as OPPO would.
 */
export function oppoAuth(state: OppoAuthState, form: Record<string, string>, now: number): MockReply {
  const { app_key: appKey, timestamp, sign } = form;
  if (!appKey) return oppoReply(15, 'Missing AppKey');
  if (!sign) return oppoReply(17, 'Missing Signature');
  if (!timestamp) return oppoReply(18, 'Missing Timestamp');
  const secret = state.apps.get(appKey);
  if (secret === undefined) return oppoReply(14, 'Invalid AppKey');
  if (!/^\d{13}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > CLOCK_SKEW_MS) {
    return oppoReply(19, 'Invalid Timestamp');
  }
  // Computed here, not imported from the channel, so a wrong sign in the channel cannot agree with itself.
  const expected = createHash('sha256')
    .update(appKey + timestamp + secret)
    .digest('hex');
  if (sign !== expected) return oppoReply(16, 'Invalid Signature');
  const token = randomBytes(20).toString('hex');
  state.issued.set(token, now + TOKEN_LIFETIME_MS);
  return oppoReply(0, 'success', { auth_token: token, create_time: now });
}

/** The auth_token check every other call makes: 29 when missing, 11 when unknown or expired. */
export function authTokenFault(
  state: OppoAuthState,
  token: string | undefined,
  now: number,
): MockReply | null {
  if (!token) return oppoReply(29, 'Missing AuthToken');
  const expiresAt = state.issued.get(token);
  if (expiresAt === undefined || now >= expiresAt) return oppoReply(11, 'Invalid AuthToken');
  return null;
}
