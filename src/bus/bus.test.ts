import assert from 'node:assert/strict';
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

  test('RedisBus: subscribing while the connection handshake runs, as `herald serve` does at start', async () => {
    // A node builds its API between opening the bus and subscribing: the subscribe lands in the middle
    // of ioredis's handshake. Staggered starts and a busy main thread hit that window most runs. A
    // failed connection is reported only as an unhandled 'error' event, which ioredis prints.
    const failures: unknown[] = [];
    const print = console.error;
    console.error = (...args: unknown[]) => {
      if (String(args[0]).startsWith('[ioredis]')) failures.push(args[1]);
      else print(...args);
    };
    try {
      for (let i = 0; i < 20; i++) {
        const bus = new RedisBus(REDIS_URL, `herald-test:${randomBytes(4).toString('hex')}:`);
        try {
          await new Promise((r) => setTimeout(r, i % 5));
          const busyUntil = Date.now() + 30;
          while (Date.now() < busyUntil);
          await new Promise((r) => setImmediate(r));
          const got = new Promise<string>((resolve, reject) => {
            setTimeout(() => reject(new Error(`start ${i}: no message`)), 2000).unref();
            bus.subscribe('late', resolve).catch(reject);
          });
          await bus.subscribe('other', () => {});
          await bus.publish('late', `start ${i}`);
          assert.equal(await got, `start ${i}`);
        } finally {
          await bus.close();
        }
      }
    } finally {
      console.error = print;
    }
    assert.deepEqual(failures.map(String), []);
  });
} else {
  test('RedisBus', { skip: 'Redis not reachable at 127.0.0.1:6379' }, () => {});
}
