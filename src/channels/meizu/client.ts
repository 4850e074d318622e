import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';
import type { MeizuCredential } from './credential.js';
import { meizuSign } from './sign.js';

/** Flyme Push server API host (the README's examples use http; the host serves HTTPS too [I]). */
export const MEIZU_BASE_URL = 'https://server-api-push.meizu.com';
const PATH = '/garcia/api/server/push';

/** The wire seam of the Meizu channel: one signed pushByPushId. Tests may replace it with a fake. */
export interface MeizuSender {
  /** POSTs to `{varnished|unvarnished}/pushByPushId`. Rejects only on network errors or abort. */
  push(
    kind: 'varnished' | 'unvarnished',
    pushIds: readonly string[],
    messageJson: string,
    signal?: AbortSignal,
  ): Promise<HttpReply>;
}

/** {@link MeizuSender} over undici: form-encoded, signed per request (no token exchange). */
export class MeizuHttpSender implements MeizuSender {
  readonly #dispatcher: Dispatcher;
  readonly #base: string;
  readonly #credential: MeizuCredential;

  constructor(dispatcher: Dispatcher, baseUrl: string, credential: MeizuCredential) {
    this.#dispatcher = dispatcher;
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#credential = credential;
  }

  push(
    kind: 'varnished' | 'unvarnished',
    pushIds: readonly string[],
    messageJson: string,
    signal?: AbortSignal,
  ): Promise<HttpReply> {
    const params: Record<string, string> = {
      appId: this.#credential.appId,
      pushIds: pushIds.join(','),
      messageJson,
    };
    params.sign = meizuSign(params, this.#credential.appSecret);
    return post(this.#dispatcher, `${this.#base}${PATH}/${kind}/pushByPushId`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams(params).toString(),
      signal,
    });
  }
}
