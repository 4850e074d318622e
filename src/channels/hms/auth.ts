import type { Dispatcher } from 'undici';
import type { Clock } from '../../domain/clock.js';
import { retryAfterMs } from '../channel.js';
import { AUTH_RETRY_MS, VendorAuthError } from '../http/auth-error.js';
import { parseObject } from '../http/json-object.js';
import { type HttpReply, post } from '../http/post.js';
import { type CachedToken, TokenCache } from '../http/token-cache.js';
import type { HmsCredential } from './credential.js';

/** Huawei's OAuth 2.0 token endpoint (Push Kit "Obtaining an App-level Access Token"). */
export const HMS_TOKEN_URL = 'https://oauth-login.cloud.huawei.com/oauth2/v3/token';
/** Refresh this long before expiry so a send never starts with a token about to die. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The token endpoint refused (`credential`: wrong client id or secret, nothing works until fixed) or
 * failed (`transient`: 5xx, 429, network; try again after `retryAfterMs`).
 */
export class HmsAuthError extends VendorAuthError {}

/** What an {@link HmsTokenSource} needs. */
export interface HmsTokenSourceOptions {
  readonly credential: HmsCredential;
  readonly tokenUrl: string;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
}

/**
 * App-level access tokens by the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Cached until five
 * minutes before `expires_in` (one hour at Huawei) because the token endpoint is itself rate-limited;
 * concurrent callers share one refresh.
 */
export class HmsTokenSource {
  readonly #opts: HmsTokenSourceOptions;
  readonly #cache = new TokenCache(
    () => this.#opts.clock.now(),
    () => this.#fetch(),
  );

  constructor(opts: HmsTokenSourceOptions) {
    this.#opts = opts;
  }

  /** A valid access token: the cached one, or a fresh one. Rejects with {@link HmsAuthError}. */
  get(): Promise<string> {
    return this.#cache.get();
  }

  /** Drops `token` after Push Kit refused it (80200001/80200003); a no-op once a newer token is cached. */
  invalidate(token: string): void {
    this.#cache.invalidate(token);
  }

  async #fetch(): Promise<CachedToken> {
    const { credential, tokenUrl, dispatcher, clock } = this.#opts;
    const now = clock.now();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credential.appId,
      client_secret: credential.clientSecret,
    });
    let reply: HttpReply;
    try {
      reply = await post(dispatcher, tokenUrl, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } catch (err) {
      throw new HmsAuthError('transient', `HMS token endpoint unreachable: ${(err as Error).message}`);
    }
    const { token, lifetimeMs } = readGrant(reply, clock.now());
    // Half the lifetime when it is shorter than the margin (short-lived tokens in tests).
    return { token, refreshAt: now + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2) };
  }
}

function readGrant(reply: HttpReply, now: number): { token: string; lifetimeMs: number } {
  const body = parseObject(reply.text);
  if (reply.status === 200 && typeof body?.access_token === 'string' && body.access_token !== '') {
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { token: body.access_token, lifetimeMs: expiresIn * 1000 };
  }
  const what = `${String(body?.error ?? reply.status)}: ${String(body?.error_description ?? reply.text.slice(0, 200))}`;
  if (reply.status === 429 || reply.status >= 500) {
    const after = retryAfterMs(reply.header('retry-after'), now, AUTH_RETRY_MS);
    throw new HmsAuthError('transient', `HMS token endpoint ${reply.status} ${what}`, after);
  }
  // 400/401 with error/error_description (RFC 6749 §5.2): the client id or secret is refused.
  throw new HmsAuthError('credential', `HMS token endpoint refused the app credential: ${what}`);
}
