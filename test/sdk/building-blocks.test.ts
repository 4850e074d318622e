import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backoffDelay } from '../../sdk/backoff.js';
import { LruMap } from '../../sdk/lru-map.js';
import { parseServerFrame } from '../../sdk/parse-frame.js';
import { TypedEmitter } from '../../sdk/typed-emitter.js';

describe('backoffDelay', () => {
  const policy = { minMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };

  test('grows by factor from minMs and is capped at maxMs', () => {
    const noJitter = { ...policy, jitter: 0 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, noJitter, Math.random)),
      [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    );
    assert.equal(backoffDelay(1_000_000, noJitter, Math.random), 30_000);
    assert.equal(backoffDelay(50, { ...noJitter, minMs: 0 }, Math.random), 0);
  });

  test('jitter takes up to the jitter fraction off: delay in [base(1-jitter), base]', () => {
    assert.equal(
      backoffDelay(3, policy, () => 0),
      2000,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0.5),
      1500,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0.999_999),
      1000,
    );
    assert.equal(
      backoffDelay(3, { ...policy, jitter: 1 }, () => 0.999_999),
      0,
    );
  });
});

describe('LruMap', () => {
  test('evicts the least recently used entry; get() refreshes', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.equal(lru.size, 2);
  });
});

describe('TypedEmitter', () => {
  test('on() returns an unsubscribe; a throwing listener does not stop the others', () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<{ tick: number }>((err) => errors.push(err));
    const seen: number[] = [];
    emitter.on('tick', () => {
      throw new Error('app bug');
    });
    const off = emitter.on('tick', (n) => seen.push(n));
    emitter.emit('tick', 1);
    off();
    emitter.emit('tick', 2);
    assert.deepEqual(seen, [1]);
    assert.equal(errors.length, 2);
  });
});

describe('parseServerFrame', () => {
  test('classifies frames', () => {
    assert.equal(parseServerFrame('{"type":"someday"}').kind, 'unknown');
    assert.equal(parseServerFrame('nope').kind, 'invalid');
    assert.equal(parseServerFrame('null').kind, 'invalid');
    assert.equal(parseServerFrame('{"type":"revoke"}').kind, 'invalid');
    assert.deepEqual(parseServerFrame('{"type":"hello","deviceId":"d"}'), {
      kind: 'frame',
      frame: { type: 'hello', deviceId: 'd', heartbeatMs: 25_000, server: '' },
    });
  });
});
