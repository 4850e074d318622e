import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../../test/support/services.js';
import type { Bus } from './bus.js';
import { busConformance } from './bus-conformance.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

busConformance('MemoryBus', async () => {
  const shared = new MemoryBus();
  // One process: both "nodes" share the same bus, closing one must not break the test's other handle.
  const view = (): Bus => ({
    publish: (t, m) => shared.publish(t, m),
    subscribe: (t, h) => shared.subscribe(t, h),
    close: async () => {},
  });
  return { a: view(), b: view() };
});

async function redisAvailable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch (err) {
    if (process.env.CI === 'true')
      throw new Error(`Redis at ${REDIS_URL} is required in CI: ${(err as Error).message}`);
    console.warn(`# skipping Redis tests: start Redis on 127.0.0.1:6379 (${(err as Error).message})`);
    return false;
  } finally {
    r.disconnect();
  }
}

if (await redisAvailable()) {
  busConformance('RedisBus', async () => {
    // A key prefix per run keeps parallel test runs on one Redis apart.
    const prefix = `herald-test:${randomBytes(4).toString('hex')}:`;
    return { a: new RedisBus(REDIS_URL, prefix), b: new RedisBus(REDIS_URL, prefix) };
  });
} else {
  test('RedisBus', { skip: 'Redis not reachable at 127.0.0.1:6379' }, () => {});
}
