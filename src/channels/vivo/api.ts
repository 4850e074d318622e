import type { Clock } from '../../domain/clock.js';
import type { SendOutcome } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import type { VivoTokenSource } from './auth.js';
import type { VivoSender } from './client.js';
import { classifyVivoReply } from './errors.js';

/** An API call's result: its body, or the outcome for every target it concerned. */
export type VivoCall = { readonly ok: Record<string, unknown> } | { readonly failed: SendOutcome };

/** vivo API calls authenticated by the shared authToken header. */
export class VivoApi {
  readonly #sender: VivoSender;
  readonly #tokens: VivoTokenSource;
  readonly #clock: Clock;

  constructor(sender: VivoSender, tokens: VivoTokenSource, clock: Clock) {
    this.#sender = sender;
    this.#tokens = tokens;
    this.#clock = clock;
  }

  /**
   * POSTs `body` with the `authToken` header. When vivo refuses the token it refreshes once and calls
   * again; refused twice is a credential error. Rejects only on network errors or abort.
   */
  async call(path: string, body: unknown, signal?: AbortSignal): Promise<VivoCall> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.#tokens.get();
      } catch (err) {
        return { failed: authFailureOutcome(err) };
      }
      const reply = await this.#sender.post(path, body, token, signal);
      const verdict = classifyVivoReply(
        reply.status,
        reply.text,
        reply.header('retry-after'),
        this.#clock.now(),
      );
      if (verdict.kind === 'ok') return { ok: verdict.body };
      if (verdict.kind === 'failed') return { failed: verdict.outcome };
      if (attempt > 0)
        return { failed: { kind: 'credential_error', reason: `${verdict.reason} (again after re-auth)` } };
      this.#tokens.invalidate(token);
    }
  }
}
