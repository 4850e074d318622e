import type { Channel } from '../../src/channels/channel.js';
import type { ChannelFixture } from '../../src/channels/channel-conformance.js';
import type { TokenBehavior } from './token-book.js';

/** What every vendor mock offers the conformance fixture. */
export interface FixtureMock {
  okToken(): string;
  deadToken(): string;
  injectForToken(token: string, behavior: TokenBehavior): void;
  requests(): ReadonlyArray<{ readonly tokens: readonly string[] }>;
  close(): Promise<void>;
}

/** The vendor-specific parts of a {@link ChannelFixture}. */
export interface FixtureParts {
  readonly mock: FixtureMock;
  readonly channel: Channel;
  /** The same channel with a secret the mock refuses. */
  readonly badCredentialChannel: () => Channel | Promise<Channel>;
  readonly maxTokensPerRequest: number;
  readonly payloadLimitBytes: number;
}

/** Builds the shared suite's fixture from a vendor mock; close() ends the channel, then the mock. */
export function channelFixture(parts: FixtureParts): ChannelFixture {
  const { mock, channel } = parts;
  const injected = (behavior: TokenBehavior): string => {
    const token = mock.okToken();
    mock.injectForToken(token, behavior);
    return token;
  };
  return {
    channel,
    okToken: () => mock.okToken(),
    deadToken: () => mock.deadToken(),
    retryToken: (retryAfterSeconds) => injected({ kind: 'retry', retryAfterSeconds }),
    quotaToken: () => injected({ kind: 'quota' }),
    serverErrorToken: () => injected({ kind: 'server_error' }),
    badCredentialChannel: async () => parts.badCredentialChannel(),
    requests: async () => mock.requests(),
    maxTokensPerRequest: parts.maxTokensPerRequest,
    payloadLimitBytes: parts.payloadLimitBytes,
    async close() {
      await channel.close();
      await mock.close();
    },
  };
}
