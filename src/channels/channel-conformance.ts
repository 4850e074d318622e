import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Channel, SendOutcome, VendorMessage } from './channel.js';

/**
 * What a vendor's test gives the shared suite: a channel wired to that vendor's local mock, and
 * handles on the mock. Tokens come from the mock so each vendor keeps its own token format.
 */
export interface ChannelFixture {
  readonly channel: Channel;
  /** A token the mock accepts. Each call returns a new one. */
  okToken(): string;
  /** A token the mock answers with the vendor's "unregistered / invalid token" error. */
  deadToken(): string;
  /** A token the mock answers with a transient error and this Retry-After (or the vendor's equivalent). */
  retryToken(retryAfterSeconds: number): string;
  /** A token the mock answers with the vendor's quota / rate-limit error. */
  quotaToken(): string;
  /** A token the mock answers with a 5xx server error. */
  serverErrorToken(): string;
  /** The same vendor channel built with a credential the mock refuses (wrong key, revoked secret). */
  badCredentialChannel(): Promise<Channel>;
  /** Requests the mock accepted since the fixture opened, with the tokens each carried. */
  requests(): Promise<ReadonlyArray<{ readonly tokens: readonly string[] }>>;
  /** The most tokens the vendor takes in one request (1 where it takes one). */
  readonly maxTokensPerRequest: number;
  /** The vendor's payload limit in bytes, for the too-large test. */
  readonly payloadLimitBytes: number;
  close(): Promise<void>;
}

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: `m-${Math.random().toString(36).slice(2)}`,
  content: { kind: 'notification', title: 'Hello', body: 'from the conformance suite', data: { k: 'v' } },
  priority: 'high',
  collapseId: null,
  expiresAt: Date.now() + 3600_000,
  ...over,
});

const targets = (tokens: string[]) => tokens.map((token, i) => ({ deviceId: `device-${i}`, token }));
const kinds = (o: SendOutcome[]) => o.map((x) => x.kind);

/** The Channel contract, run against every vendor with its mock. */
export function channelConformance(name: string, open: () => Promise<ChannelFixture>): void {
  describe(name, () => {
    let fx: ChannelFixture;
    before(async () => {
      fx = await open();
    });
    after(() => fx.close());

    test('good tokens are delivered, one outcome per target in order', async () => {
      const tokens = [fx.okToken(), fx.okToken(), fx.okToken()];
      const out = await fx.channel.send(message(), targets(tokens));
      assert.deepEqual(kinds(out), ['delivered', 'delivered', 'delivered']);
    });

    test('a dead token is reported invalid; the others in the same send are still delivered', async () => {
      const tokens = [fx.okToken(), fx.deadToken(), fx.okToken()];
      const out = await fx.channel.send(message(), targets(tokens));
      assert.deepEqual(kinds(out), ['delivered', 'invalid_token', 'delivered']);
    });

    test('a transient error is a retry that honours Retry-After', async () => {
      const [out] = await fx.channel.send(message(), targets([fx.retryToken(7)]));
      assert.equal(out?.kind, 'retry');
      assert.ok(out?.kind === 'retry' && out.afterMs >= 7000, JSON.stringify(out));
    });

    test('a server error is a retry', async () => {
      const [out] = await fx.channel.send(message(), targets([fx.serverErrorToken()]));
      assert.equal(out?.kind, 'retry');
    });

    test('a quota error is reported as quota, not as a dead token', async () => {
      const [out] = await fx.channel.send(message(), targets([fx.quotaToken()]));
      assert.equal(out?.kind, 'quota');
    });

    test('a refused credential is a credential error for every target', async () => {
      const bad = await fx.badCredentialChannel();
      try {
        const out = await bad.send(message(), targets([fx.okToken(), fx.okToken()]));
        assert.deepEqual(kinds(out), ['credential_error', 'credential_error']);
      } finally {
        await bad.close();
      }
    });

    test('a payload over the vendor limit is rejected without a request', async () => {
      const before = (await fx.requests()).length;
      const [out] = await fx.channel.send(
        message({
          content: { kind: 'notification', title: 'big', body: 'x'.repeat(fx.payloadLimitBytes + 10) },
        }),
        targets([fx.okToken()]),
      );
      assert.equal(out?.kind, 'rejected');
      assert.equal((await fx.requests()).length, before);
    });

    test('many targets are batched as the vendor allows, and every token is sent exactly once', async () => {
      const n = Math.max(3, fx.maxTokensPerRequest * 2 + 1);
      const tokens = Array.from({ length: n }, () => fx.okToken());
      const before = (await fx.requests()).length;
      const out = await fx.channel.send(message(), targets(tokens));
      assert.equal(out.length, n);
      assert.ok(out.every((o) => o.kind === 'delivered'));
      const sent = (await fx.requests()).slice(before);
      assert.equal(sent.length, Math.ceil(n / fx.maxTokensPerRequest));
      assert.deepEqual(sent.flatMap((r) => r.tokens).sort(), [...tokens].sort());
    });

    test('send after close rejects; close is idempotent', async () => {
      const extra = await fx.badCredentialChannel();
      await extra.close();
      await extra.close();
      await assert.rejects(extra.send(message(), targets([fx.okToken()])));
    });
  });
}
