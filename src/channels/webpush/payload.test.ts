import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { webPushHeaders, webPushPayload, webPushTopic } from './payload.js';

const NOW = 1_700_000_000_000;
const m: VendorMessage = {
  id: 'm-1',
  content: { kind: 'config', data: { n: 1 }, action: { type: 'url', value: 'https://x.test' } },
  priority: 'normal',
  collapseId: 'cfg',
  expiresAt: NOW + 10_000,
};

test('the payload is the message content as JSON', () => {
  assert.deepEqual(JSON.parse(webPushPayload(m)), {
    id: 'm-1',
    kind: 'config',
    data: { n: 1 },
    action: { type: 'url', value: 'https://x.test' },
    collapseId: 'cfg',
    priority: 'normal',
    expiresAt: NOW + 10_000,
  });
});

test('headers: TTL clamped to 0..4 weeks, Urgency, Topic', () => {
  assert.deepEqual(webPushHeaders(m, NOW), { TTL: '10', Urgency: 'normal', Topic: 'cfg' });
  assert.equal(webPushHeaders({ ...m, expiresAt: NOW - 1 }, NOW).TTL, '0');
  assert.equal(webPushHeaders({ ...m, expiresAt: NOW + 1e12 }, NOW).TTL, '2419200');
  assert.equal(webPushHeaders({ ...m, collapseId: null }, NOW).Topic, undefined);
});

test('topics: kept when RFC 8030 §5.4 allows them, else a stable 32-char hash', () => {
  assert.equal(webPushTopic('a'.repeat(32)), 'a'.repeat(32));
  const long = webPushTopic('a'.repeat(33));
  assert.match(long, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(webPushTopic('a'.repeat(33)), long);
  assert.match(webPushTopic('has space'), /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(webPushTopic('x y'), webPushTopic('x z'));
});
