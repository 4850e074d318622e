import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';

/** Huawei's Push Kit host. */
export const HMS_BASE_URL = 'https://push-api.cloud.huawei.com';

/** The wire seam of the HMS channel: one messages:send request. Tests may replace it with a fake. */
export interface HmsSender {
  /** POSTs one serialised body with the access token. Rejects only on network errors or abort. */
  send(body: string, accessToken: string, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link HmsSender} over undici: `POST {base}/v1/{appId}/messages:send` (Push Kit server API v1). */
export class HmsHttpSender implements HmsSender {
  readonly #dispatcher: Dispatcher;
  readonly #url: string;

  constructor(dispatcher: Dispatcher, baseUrl: string, appId: string) {
    this.#dispatcher = dispatcher;
    this.#url = `${baseUrl.replace(/\/+$/, '')}/v1/${encodeURIComponent(appId)}/messages:send`;
  }

  send(body: string, accessToken: string, signal?: AbortSignal): Promise<HttpReply> {
    return post(this.#dispatcher, this.#url, {
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json;charset=UTF-8' },
      body,
      signal,
    });
  }
}
