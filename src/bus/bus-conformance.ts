import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Bus } from './bus.js';

function nextMessages(bus: Bus, topic: string, n: number, timeoutMs = 2000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const got: string[] = [];
    const timer = setTimeout(
      () => reject(new Error(`timed out with ${got.length}/${n} messages on ${topic}`)),
      timeoutMs,
    );
    void bus.subscribe(topic, (m) => {
      got.push(m);
      if (got.length === n) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Bus contract, run against every implementation. `open` returns two buses that share one backplane, as two nodes would. */
export function busConformance(name: string, open: () => Promise<{ a: Bus; b: Bus }>): void {
  describe(name, async () => {
    const { a, b } = await open();
    after(async () => {
      await a.close();
      await b.close();
    });

    test('a message published on one node reaches subscribers on both, in order', async () => {
      const onA = nextMessages(a, 'order', 3);
      const onB = nextMessages(b, 'order', 3);
      await tick(50);
      for (const m of ['1', '2', '3']) await a.publish('order', m);
      assert.deepEqual(await onA, ['1', '2', '3']);
      assert.deepEqual(await onB, ['1', '2', '3']);
    });

    test('topics are separate', async () => {
      const got: string[] = [];
      const off = await b.subscribe('left', (m) => got.push(m));
      await a.publish('right', 'not for left');
      await a.publish('left', 'for left');
      await tick(100);
      assert.deepEqual(got, ['for left']);
      await off();
    });

    test('unsubscribe stops delivery to that handler only', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const off = await b.subscribe('unsub', (m) => first.push(m));
      await b.subscribe('unsub', (m) => second.push(m));
      await a.publish('unsub', 'x');
      await tick(100);
      await off();
      await a.publish('unsub', 'y');
      await tick(100);
      assert.deepEqual(first, ['x']);
      assert.deepEqual(second, ['x', 'y']);
    });

    test('large messages arrive intact', async () => {
      const big = JSON.stringify({ ids: Array.from({ length: 5000 }, (_, i) => `device-${i}`) });
      const got = nextMessages(b, 'big', 1);
      await tick(50);
      await a.publish('big', big);
      assert.equal((await got)[0], big);
    });

    test('publishing after close is a no-op, and close is idempotent', async () => {
      const { a: x, b: y } = await open();
      await x.close();
      await x.close();
      await x.publish('closed', 'ignored');
      await y.close();
    });
  });
}
