import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Dispatcher } from 'undici';
import type { Clock } from '../../domain/clock.js';
import { retryAfterMs } from '../channel.js';
import { AUTH_RETRY_MS, VendorAuthError } from '../http/auth-error.js';
import { parseObject } from '../http/json-object.js';
import { type HttpReply, post } from '../http/post.js';
import { type CachedToken, TokenCache } from '../http/token-cache.js';
import { type FcmCredential, fcmSigningKey } from './credential.js';

/** Google's OAuth 2.0 token endpoint, the `token_uri` of every service-account key. */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** The narrowest scope that allows messages:send (Google: FCM HTTP v1 "Authorize send requests"). */
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most one hour. */
const ASSERTION_LIFETIME_S = 3600;
/** Refresh this long before the token expires, so a send never starts with a token about to die. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The token endpoint refused or failed. `credential`: the key is wrong, revoked or the account deleted
 * (RFC 6749 §5.2 invalid_grant and kin) — nothing works until it is replaced. `transient`: 5xx, 429 or
 * network trouble; try again after `retryAfterMs`.
 */
export class AccessTokenError extends VendorAuthError {}

/** What an {@link AccessTokenSource} needs. */
export interface AccessTokenSourceOptions {
  readonly credential: FcmCredential;
  /** Where to POST the grant; also the JWT `aud`. */
  readonly tokenUri: string;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
}

/**
 * OAuth 2.0 access tokens for one service account via the JWT-bearer grant (RFC 7523 §2.1, Google
 * "Using OAuth 2.0 for Server to Server Applications"). Caches the token until five minutes before
 * `expires_in`; concurrent callers share one refresh (single flight).
 */
export class AccessTokenSource {
  readonly #opts: AccessTokenSourceOptions;
  readonly #key: KeyObject;
  readonly #cache = new TokenCache(
    () => this.#opts.clock.now(),
    () => this.#fetch(),
  );

  constructor(opts: AccessTokenSourceOptions) {
    this.#opts = opts;
    this.#key = fcmSigningKey(opts.credential);
  }

  /** A valid access token: the cached one, or a fresh one. Rejects with {@link AccessTokenError}. */
  get(): Promise<string> {
    return this.#cache.get();
  }

  /**
   * Drops `token` from the cache after FCM refused it (401). A no-op when the cache already holds a
   * newer token, so a burst of 401s for one stale token causes a single refresh.
   */
  invalidate(token: string): void {
    this.#cache.invalidate(token);
  }

  async #fetch(): Promise<CachedToken> {
    const { credential, tokenUri, dispatcher, clock } = this.#opts;
    const now = clock.now();
    const iat = Math.floor(now / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: credential.private_key_id })
      .setIssuer(credential.client_email)
      .setAudience(tokenUri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(this.#key);
    let reply: HttpReply;
    try {
      reply = await post(dispatcher, tokenUri, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString(),
      });
    } catch (err) {
      throw new AccessTokenError('transient', `token endpoint unreachable: ${(err as Error).message}`);
    }
    const { token, lifetimeMs } = readGrant(reply, clock.now());
    // Half the lifetime when it is shorter than the margin (short-lived tokens in tests, odd servers).
    const refreshAt = now + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
    return { token, refreshAt };
  }
}

function readGrant(reply: HttpReply, now: number): { token: string; lifetimeMs: number } {
  const body = parseObject(reply.text);
  if (reply.status === 200) {
    const token = body?.access_token;
    const expiresIn = body?.expires_in;
    if (typeof token === 'string' && token !== '' && typeof expiresIn === 'number' && expiresIn > 0) {
      return { token, lifetimeMs: expiresIn * 1000 };
    }
    throw new AccessTokenError('transient', 'token endpoint answered 200 without access_token/expires_in');
  }
  const what = `${String(body?.error ?? reply.status)}: ${String(body?.error_description ?? reply.text.slice(0, 200))}`;
  if (reply.status === 429 || reply.status >= 500) {
    const after = retryAfterMs(reply.header('retry-after'), now, AUTH_RETRY_MS);
    throw new AccessTokenError('transient', `token endpoint ${reply.status} ${what}`, after);
  }
  // 400/401 invalid_grant, invalid_client, unauthorized_client (RFC 6749 §5.2): the key itself is refused.
  throw new AccessTokenError('credential', `token endpoint refused the service account: ${what}`);
}
