import type { TestContext } from 'node:test';
import WebSocket from 'ws';
import type { HeraldClientOptions } from '../../sdk/index.js';
import { HeraldClient } from '../../sdk/index.js';
import type { FakeGateway, FakeGatewayOptions } from './fake-gateway.js';
import { startFakeGateway } from './fake-gateway.js';

/** Starts a fake gateway that is closed when the test ends. */
export async function gatewayFor(t: TestContext, options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const gateway = await startFakeGateway(options);
  t.after(() => gateway.close());
  return gateway;
}

/** A Node client (via `ws`) for `gateway` with fast reconnects, closed when the test ends. */
export function clientFor(
  t: TestContext,
  gateway: FakeGateway,
  options: Partial<HeraldClientOptions> = {},
): HeraldClient {
  const client = new HeraldClient({
    url: gateway.url,
    token: gateway.token,
    webSocket: WebSocket,
    reconnect: { minMs: 10, maxMs: 200 },
    ...options,
  });
  t.after(() => client.close());
  return client;
}
