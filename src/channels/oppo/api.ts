import type { Clock } from '../../domain/clock.js';
import type { SendOutcome } from '../channel.js';
import { authFailureOutcome } from '../http/auth-error.js';
import type { OppoTokenSource } from './auth.js';
import type { OppoSender } from './client.js';
import { classifyOppoReply } from './errors.js';

/** A server API call's result: its `data`, or the outcome for every target it concerned. */
export type OppoCall = { readonly ok: Record<string, unknown> } | { readonly failed: SendOutcome };

/** OPPO server API calls authenticated by the shared auth_token. */
export class OppoApi {
  readonly #sender: OppoSender;
  readonly #tokens: OppoTokenSource;
  readonly #clock: Clock;

  constructor(sender: OppoSender, tokens: OppoTokenSource, clock: Clock) {
    this.#sender = sender;
    this.#tokens = tokens;
    this.#clock = clock;
  }

  /**
   * POSTs `form` plus `auth_token` (a form field, per "Call address, common parameters"). On 11 (invalid
   * AuthToken) or 29 (missing) it refreshes the token once and calls again; refused twice is a credential
   * error. Rejects only on network errors or abort.
   */
  async call(path: string, form: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<OppoCall> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.#tokens.get();
      } catch (err) {
        return { failed: authFailureOutcome(err) };
      }
      const reply = await this.#sender.post(path, { ...form, auth_token: token }, signal);
      const verdict = classifyOppoReply(
        reply.status,
        reply.text,
        reply.header('retry-after'),
        this.#clock.now(),
      );
      if (verdict.kind === 'ok') return { ok: verdict.data };
      if (verdict.kind === 'failed') return { failed: verdict.outcome };
      if (attempt > 0)
        return { failed: { kind: 'credential_error', reason: `${verdict.reason} (again after re-auth)` } };
      this.#tokens.invalidate(token);
    }
  }
}
