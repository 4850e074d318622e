import type { Clock } from '../../domain/clock.js';
import { retryAfterMs } from '../channel.js';
import { AUTH_RETRY_MS, VendorAuthError } from '../http/auth-error.js';
import { parseObject } from '../http/json-object.js';
import type { HttpReply } from '../http/post.js';
import { type CachedToken, TokenCache } from '../http/token-cache.js';
import type { OppoSender } from './client.js';
import type { OppoCredential } from './credential.js';
import { oppoSign } from './sign.js';

/** auth_token lives 24 hours; refresh an hour early so a long fan-out never runs on a dying token. */
const TOKEN_LIFETIME_MS = 24 * 3_600_000;
const REFRESH_MARGIN_MS = 3_600_000;
/** Auth answers that are OPPO's load, not our credential: -1 unavailable, -2 flow control, 13/55 call limits. */
const TRANSIENT_CODES = new Set([-2, -1, 13, 55]);

/** The auth call refused (`credential`: bad app_key, sign or clock) or failed (`transient`). */
export class OppoAuthError extends VendorAuthError {}

/**
 * OPPO `auth_token`s from `POST /server/v1/auth` (app_key, 13-digit timestamp, SHA-256 sign). Cached
 * for 23 of its 24 hours; concurrent callers share one refresh.
 */
export class OppoTokenSource {
  readonly #credential: OppoCredential;
  readonly #sender: OppoSender;
  readonly #clock: Clock;
  readonly #cache = new TokenCache(
    () => this.#clock.now(),
    () => this.#fetch(),
  );

  constructor(credential: OppoCredential, sender: OppoSender, clock: Clock) {
    this.#credential = credential;
    this.#sender = sender;
    this.#clock = clock;
  }

  /** A valid auth_token: the cached one or a fresh one. Rejects with {@link OppoAuthError}. */
  get(): Promise<string> {
    return this.#cache.get();
  }

  /** Drops `token` after OPPO answered 11 (invalid AuthToken); a no-op once a newer one is cached. */
  invalidate(token: string): void {
    this.#cache.invalidate(token);
  }

  async #fetch(): Promise<CachedToken> {
    const { appKey, masterSecret } = this.#credential;
    const timestamp = this.#clock.now();
    let reply: HttpReply;
    try {
      reply = await this.#sender.post('/server/v1/auth', {
        app_key: appKey,
        timestamp: String(timestamp),
        sign: oppoSign(appKey, timestamp, masterSecret),
      });
    } catch (err) {
      throw new OppoAuthError('transient', `OPPO auth unreachable: ${(err as Error).message}`);
    }
    const body = parseObject(reply.text);
    const code = Number(body?.code ?? Number.NaN);
    const data = body?.data as Record<string, unknown> | undefined;
    if (reply.status === 200 && code === 0 && typeof data?.auth_token === 'string') {
      return { token: data.auth_token, refreshAt: timestamp + TOKEN_LIFETIME_MS - REFRESH_MARGIN_MS };
    }
    const what = `OPPO auth ${reply.status} ${Number.isNaN(code) ? '-' : code}: ${String(body?.message ?? reply.text.slice(0, 200))}`;
    if (reply.status >= 500 || reply.status === 429 || TRANSIENT_CODES.has(code)) {
      throw new OppoAuthError(
        'transient',
        what,
        retryAfterMs(reply.header('retry-after'), this.#clock.now(), AUTH_RETRY_MS),
      );
    }
    // 14/15 app_key, 16/17 sign, 18/19 timestamp, 26–28 blocked or disabled: fixed only by config.
    throw new OppoAuthError('credential', what);
  }
}
