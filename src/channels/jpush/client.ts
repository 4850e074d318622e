import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';
import type { JpushCredential } from './credential.js';

/** JPush REST API host (Beijing data-centre apps use `https://bjapi.push.jiguang.cn`). */
export const JPUSH_BASE_URL = 'https://api.jpush.cn';

/** The wire seam of the JPush channel: one `/v3/push` request. Tests may replace it with a fake. */
export interface JpushSender {
  /** POSTs one serialised push object. Rejects only on network errors or abort. */
  send(body: string, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link JpushSender} over undici with HTTP Basic `appKey:masterSecret` (REST API "Authentication"). */
export class JpushHttpSender implements JpushSender {
  readonly #dispatcher: Dispatcher;
  readonly #url: string;
  readonly #authorization: string;

  constructor(dispatcher: Dispatcher, baseUrl: string, credential: JpushCredential) {
    this.#dispatcher = dispatcher;
    this.#url = `${baseUrl.replace(/\/+$/, '')}/v3/push`;
    const basic = Buffer.from(`${credential.appKey}:${credential.masterSecret}`).toString('base64');
    this.#authorization = `Basic ${basic}`;
  }

  send(body: string, signal?: AbortSignal): Promise<HttpReply> {
    return post(this.#dispatcher, this.#url, {
      headers: { authorization: this.#authorization, 'content-type': 'application/json' },
      body,
      signal,
    });
  }
}
