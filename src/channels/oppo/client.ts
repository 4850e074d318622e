import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';

/** OPPO Push host for mainland-China devices (overseas: `https://api-intl.push.oppomobile.com`). */
export const OPPO_BASE_URL = 'https://api.push.oppomobile.com';

/** The wire seam of the OPPO channel: one form POST to a server API path. Tests may replace it. */
export interface OppoSender {
  /** POSTs `form` to `path`. Rejects only on network errors or abort. */
  post(path: string, form: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link OppoSender} over undici: every call is `application/x-www-form-urlencoded` (server API v1). */
export class OppoHttpSender implements OppoSender {
  readonly #dispatcher: Dispatcher;
  readonly #base: string;

  constructor(dispatcher: Dispatcher, baseUrl: string) {
    this.#dispatcher = dispatcher;
    this.#base = baseUrl.replace(/\/+$/, '');
  }

  post(path: string, form: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<HttpReply> {
    return post(this.#dispatcher, `${this.#base}${path}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams(form).toString(),
      signal,
    });
  }
}
