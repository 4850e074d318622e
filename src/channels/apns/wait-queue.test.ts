import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { WaitQueue, WaitTimeoutError } from './wait-queue.js';

describe('WaitQueue', () => {
  test('serves waiters in arrival order', async () => {
    const q = new WaitQueue<number>();
    const a = q.wait(undefined, 1000);
    const b = q.wait(undefined, 1000);
    assert.equal(q.length, 2);
    assert.ok(q.resolveNext(1));
    assert.ok(q.resolveNext(2));
    assert.deepEqual(await Promise.all([a, b]), [1, 2]);
    assert.equal(q.resolveNext(3), false);
  });

  test('a timed-out or aborted waiter is skipped, not served', async () => {
    const q = new WaitQueue<string>();
    const late = q.wait(undefined, 10);
    const ac = new AbortController();
    const aborted = q.wait(ac.signal, 1000);
    const served = q.wait(undefined, 1000);
    const checks = [assert.rejects(late, WaitTimeoutError), assert.rejects(aborted, /gone/)];
    ac.abort(new Error('gone'));
    await Promise.all(checks);
    assert.equal(q.length, 1);
    assert.ok(q.resolveNext('slot'));
    assert.equal(await served, 'slot');
  });

  test('an already aborted signal rejects at once; rejectAll fails every waiter', async () => {
    const q = new WaitQueue<number>();
    await assert.rejects(q.wait(AbortSignal.abort(new Error('before')), 1000), /before/);
    const all = [q.wait(undefined, 1000), q.wait(undefined, 1000)];
    q.rejectAll(new Error('closed'));
    for (const w of all) await assert.rejects(w, /closed/);
    assert.equal(q.length, 0);
  });

  test('thousands of waiters: the served prefix is compacted away', async () => {
    const q = new WaitQueue<number>();
    const waits = Array.from({ length: 5000 }, () => q.wait(undefined, 5000));
    for (let i = 0; i < 5000; i++) q.resolveNext(i);
    assert.deepEqual((await Promise.all(waits)).slice(-2), [4998, 4999]);
    assert.equal(q.length, 0);
  });
});
