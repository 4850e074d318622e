import type { Dispatcher } from 'undici';
import { type HttpReply, post } from '../http/post.js';

/** vivo Push host. */
export const VIVO_BASE_URL = 'https://api-push.vivo.com.cn';

/** The wire seam of the vivo channel: one JSON POST. Tests may replace it with a fake. */
export interface VivoSender {
  /** POSTs `body` as JSON to `path`, with the `authToken` header when given. Rejects only on network errors or abort. */
  post(path: string, body: unknown, authToken?: string, signal?: AbortSignal): Promise<HttpReply>;
}

/** {@link VivoSender} over undici: JSON bodies, `authToken` header on everything but auth. */
export class VivoHttpSender implements VivoSender {
  readonly #dispatcher: Dispatcher;
  readonly #base: string;

  constructor(dispatcher: Dispatcher, baseUrl: string) {
    this.#dispatcher = dispatcher;
    this.#base = baseUrl.replace(/\/+$/, '');
  }

  post(path: string, body: unknown, authToken?: string, signal?: AbortSignal): Promise<HttpReply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authToken !== undefined) headers.authToken = authToken;
    return post(this.#dispatcher, `${this.#base}${path}`, { headers, body: JSON.stringify(body), signal });
  }
}
