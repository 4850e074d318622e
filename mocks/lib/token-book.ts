import { randomBytes } from 'node:crypto';
import type { MockReply } from './http-mock.js';

/**
 * A failure a mock can be told to give for one device token, in vendor-neutral words; each vendor
 * mock answers it with its own error body. `retry` carries the Retry-After the answer should give;
 * `reply` is a verbatim vendor answer, for codes the neutral words do not cover.
 */
export type TokenBehavior =
  | { readonly kind: 'dead' }
  | { readonly kind: 'retry'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'quota' }
  | { readonly kind: 'server_error' }
  | { readonly kind: 'reply'; readonly reply: MockReply };

/**
 * The device side of a vendor mock: tokens it knows (the vendor's registry), and failures injected
 * per token. An unknown token is one the vendor never issued or has since dropped, so mocks answer
 * it with their "invalid token" error without any injection.
 */
export class TokenBook {
  readonly #known = new Set<string>();
  readonly #injected = new Map<string, TokenBehavior>();
  readonly #prefix: string;
  readonly #length: number;
  readonly #alphabet: string;

  /** Minted tokens look like the vendor's: a prefix, a length, an alphabet (e.g. 23-digit vivo regIds). */
  constructor(shape: { prefix?: string; length?: number; alphabet?: string } = {}) {
    this.#prefix = shape.prefix ?? '';
    this.#length = shape.length ?? 44;
    this.#alphabet = shape.alphabet ?? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  }

  /** A new token the vendor knows. */
  okToken(): string {
    const token = this.mint();
    this.#known.add(token);
    return token;
  }

  /** A new token the vendor has never seen: answered as invalid. */
  deadToken(): string {
    return this.mint();
  }

  /** A known token that fails with `behavior` on every send. */
  injectedToken(behavior: TokenBehavior): string {
    const token = this.okToken();
    this.inject(token, behavior);
    return token;
  }

  /** Makes every later send to `token` fail with `behavior`; `dead` also forgets the token. */
  inject(token: string, behavior: TokenBehavior): void {
    if (behavior.kind === 'dead') {
      this.#known.delete(token);
      this.#injected.delete(token);
      return;
    }
    this.#injected.set(token, behavior);
  }

  /** Registers a token minted elsewhere (a test's own fixture). */
  register(token: string): void {
    this.#known.add(token);
  }

  isKnown(token: string): boolean {
    return this.#known.has(token);
  }

  /** The first injected failure among `tokens`: a request carrying it fails as a whole, as at the vendor. */
  firstInjected(tokens: readonly string[]): TokenBehavior | null {
    for (const token of tokens) {
      const b = this.#injected.get(token);
      if (b) return b;
    }
    return null;
  }

  /** Forgets injections (known tokens stay known). */
  clearInjections(): void {
    this.#injected.clear();
  }

  mint(): string {
    const bytes = randomBytes(Math.max(0, this.#length - this.#prefix.length));
    let out = this.#prefix;
    for (const b of bytes) out += this.#alphabet[b % this.#alphabet.length];
    return out;
  }
}
