import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';

/** MiPush mainland-China host; overseas apps use their region's host (vendor-channels.md §4 Hosts). */
export const XIAOMI_BASE_URL = 'https://api.xmpush.xiaomi.com';

/** The wire seam of the Xiaomi channel: one /v3/message/regid request. Tests may replace it with a fake. */
export interface XiaomiSender {
  /** POSTs the form. Rejects only on network errors or abort. */
  send(form: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link XiaomiSender} over undici, authenticated by `Authorization: key=<AppSecret>` (lowercase `key`). */
export class XiaomiHttpSender implements XiaomiSender {
  readonly #dispatcher: Dispatcher;
  readonly #url: string;
  readonly #authorization: string;

  constructor(dispatcher: Dispatcher, baseUrl: string, appSecret: string) {
    this.#dispatcher = dispatcher;
    // v3 takes regids of several packages in one call; Herald sends one package per credential.
    this.#url = `${baseUrl.replace(/\/+$/, '')}/v3/message/regid`;
    this.#authorization = `key=${appSecret}`;
  }

  send(form: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<HttpReply> {
    return post(this.#dispatcher, this.#url, {
      headers: {
        authorization: this.#authorization,
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
      },
      body: new URLSearchParams(form).toString(),
      signal,
    });
  }
}
