import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';

/** Google's FCM HTTP v1 host. */
export const FCM_BASE_URL = 'https://fcm.googleapis.com';

/** The wire seam of the FCM channel: one messages:send request. Tests may replace it with a fake. */
export interface FcmSender {
  /** POSTs one serialised `{message}` body with the OAuth access token. Rejects only on network errors/abort. */
  send(body: string, accessToken: string, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link FcmSender} over undici: `POST {base}/v1/projects/{project}/messages:send` (FCM HTTP v1). */
export class FcmHttpSender implements FcmSender {
  readonly #dispatcher: Dispatcher;
  readonly #url: string;

  constructor(dispatcher: Dispatcher, baseUrl: string, projectId: string) {
    this.#dispatcher = dispatcher;
    this.#url = `${baseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(projectId)}/messages:send`;
  }

  send(body: string, accessToken: string, signal?: AbortSignal): Promise<HttpReply> {
    return post(this.#dispatcher, this.#url, {
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json; charset=utf-8' },
      body,
      signal,
    });
  }
}
