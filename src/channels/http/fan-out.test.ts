import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fanOut, NETWORK_RETRY_MS } from './fan-out.js';

const open = { closed: () => false };

test('keeps target order, caps concurrency, turns a throw into a retry for that target only', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await fanOut([30, 5, 20, 1, 10, 0], 2, open, async (ms, i) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await sleep(ms);
    inFlight--;
    if (i === 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    return { kind: 'delivered', vendorMessageId: String(i) };
  });
  assert.equal(peak, 2);
  assert.deepEqual(
    out.map((o) => (o.kind === 'delivered' ? o.vendorMessageId : o.kind)),
    ['0', '1', '2', 'retry', '4', '5'],
  );
  assert.ok(
    out[3]?.kind === 'retry' && out[3].afterMs === NETWORK_RETRY_MS && /ECONNRESET/.test(out[3].reason),
  );
});

test('rejects when the signal aborts or the channel closed mid-send', async () => {
  const ac = new AbortController();
  const aborting = fanOut([1, 2, 3], 1, { signal: ac.signal, closed: () => false }, async () => {
    ac.abort(new Error('cancelled'));
    throw new Error('request aborted');
  });
  await assert.rejects(aborting, /cancelled/);
  const closing = fanOut([1], 1, { closed: () => true }, async () => {
    throw new Error('ClientClosedError');
  });
  await assert.rejects(closing, /channel closed/);
});
