import type { Clock } from '../../domain/clock.js';
import { retryAfterMs } from '../channel.js';
import { AUTH_RETRY_MS, VendorAuthError } from '../http/auth-error.js';
import { parseObject } from '../http/json-object.js';
import type { HttpReply } from '../http/post.js';
import { type CachedToken, TokenCache } from '../http/token-cache.js';
import type { VivoSender } from './client.js';
import type { VivoCredential } from './credential.js';
import { vivoSign } from './sign.js';

/** authToken lives 24 h, but vivo asks for a refresh every 1–2 hours ("推送鉴权接口"): take one hour. */
const REFRESH_AFTER_MS = 3_600_000;

/** The auth call refused (`credential`: 102xx, bad appId/appKey/sign/clock) or failed (`transient`). */
export class VivoAuthError extends VendorAuthError {}

/** vivo `authToken`s from `POST /message/auth` (MD5 sign); cached an hour, concurrent callers share one refresh. */
export class VivoTokenSource {
  readonly #credential: VivoCredential;
  readonly #sender: VivoSender;
  readonly #clock: Clock;
  readonly #cache = new TokenCache(
    () => this.#clock.now(),
    () => this.#fetch(),
  );

  constructor(credential: VivoCredential, sender: VivoSender, clock: Clock) {
    this.#credential = credential;
    this.#sender = sender;
    this.#clock = clock;
  }

  /** A valid authToken: the cached one or a fresh one. Rejects with {@link VivoAuthError}. */
  get(): Promise<string> {
    return this.#cache.get();
  }

  /** Drops `token` after vivo refused it; a no-op once a newer one is cached. */
  invalidate(token: string): void {
    this.#cache.invalidate(token);
  }

  async #fetch(): Promise<CachedToken> {
    const { appId, appKey, appSecret } = this.#credential;
    const timestamp = this.#clock.now();
    let reply: HttpReply;
    try {
      // appId is an int in the auth body (doc example `"appId":10004`).
      const body = {
        appId: Number(appId),
        appKey,
        timestamp,
        sign: vivoSign(appId, appKey, timestamp, appSecret),
      };
      reply = await this.#sender.post('/message/auth', body);
    } catch (err) {
      throw new VivoAuthError('transient', `vivo auth unreachable: ${(err as Error).message}`);
    }
    const body = parseObject(reply.text);
    if (reply.status === 200 && body?.result === 0 && typeof body.authToken === 'string') {
      return { token: body.authToken, refreshAt: timestamp + REFRESH_AFTER_MS };
    }
    const what = `vivo auth ${reply.status} ${String(body?.result ?? '-')}: ${String(body?.desc ?? reply.text.slice(0, 200))}`;
    if (reply.status >= 500 || reply.status === 429) {
      throw new VivoAuthError(
        'transient',
        what,
        retryAfterMs(reply.header('retry-after'), this.#clock.now(), AUTH_RETRY_MS),
      );
    }
    throw new VivoAuthError('credential', what);
  }
}
