import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { APNS_PAYLOAD_LIMIT_BYTES, apnsPayload, apnsPreflight } from './payload.js';

const ID = '0190a0b0-0000-7000-8000-000000000001';
const TOPIC = 'com.example.app';

const message = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: ID,
  content: { kind: 'notification', title: 'Order 42', body: 'Out for delivery' },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
  ...over,
});

const build = (m: VendorMessage) => {
  const parts = apnsPayload(m, { topic: TOPIC });
  return { headers: parts.headers, body: JSON.parse(parts.body) as Record<string, unknown> };
};

describe('apnsPayload headers', () => {
  const cases: Array<{ name: string; msg: VendorMessage; expect: Record<string, string | undefined> }> = [
    {
      name: 'high notification: alert, priority 10, topic, apns-id from the message id',
      msg: message(),
      expect: { 'apns-push-type': 'alert', 'apns-priority': '10', 'apns-topic': TOPIC, 'apns-id': ID },
    },
    {
      name: 'normal notification: priority 5',
      msg: message({ priority: 'normal' }),
      expect: { 'apns-push-type': 'alert', 'apns-priority': '5' },
    },
    {
      name: 'kind message: background push, priority 5 even when high',
      msg: message({ content: { kind: 'message', data: { a: 1 } } }),
      expect: { 'apns-push-type': 'background', 'apns-priority': '5' },
    },
    {
      name: 'kind config: background push',
      msg: message({ content: { kind: 'config', data: { flag: true } } }),
      expect: { 'apns-push-type': 'background', 'apns-priority': '5' },
    },
    {
      name: 'no expiry: header absent (APNs default storage), never 0',
      msg: message(),
      expect: { 'apns-expiration': undefined },
    },
    {
      name: 'expiry: epoch seconds, rounded down',
      msg: message({ expiresAt: 1_800_000_000_999 }),
      expect: { 'apns-expiration': '1800000000' },
    },
    {
      name: 'collapse id from the message',
      msg: message({ collapseId: 'score' }),
      expect: { 'apns-collapse-id': 'score' },
    },
    {
      name: 'collapse id from overrides.ios wins',
      msg: message({ collapseId: 'score', overrides: { ios: { apns_collapse_id: 'ios-score' } } }),
      expect: { 'apns-collapse-id': 'ios-score' },
    },
    {
      name: 'a non-ASCII collapse id is percent-encoded as UTF-8 (HTTP/2 header values are bytes)',
      msg: message({ collapseId: '比分 100%' }),
      expect: { 'apns-collapse-id': '%E6%AF%94%E5%88%86 100%25' },
    },
    {
      name: 'control characters in a collapse id cannot reach the header',
      msg: message({ collapseId: 'a\r\nx-injected: 1' }),
      expect: { 'apns-collapse-id': 'a%0D%0Ax-injected: 1' },
    },
    {
      name: 'a message id that is not a UUID is not sent as apns-id',
      msg: message({ id: 'not-a-uuid' }),
      expect: { 'apns-id': undefined },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { headers } = build(c.msg);
      for (const [name, value] of Object.entries(c.expect)) assert.equal(headers[name], value, name);
    });
  }
});

describe('apnsPayload body', () => {
  const cases: Array<{ name: string; msg: VendorMessage; expect: Record<string, unknown> }> = [
    {
      name: 'notification: alert title/body, badge, sound',
      msg: message({
        content: { kind: 'notification', title: 'T', body: 'B', badge: 3, sound: 'default' },
      }),
      expect: { aps: { alert: { title: 'T', body: 'B' }, badge: 3, sound: 'default' } },
    },
    {
      name: 'notification without text: no alert key',
      msg: message({ content: { kind: 'notification', badge: 0 } }),
      expect: { aps: { badge: 0 } },
    },
    {
      name: 'background: content-available only; display fields move to herald keys',
      msg: message({ content: { kind: 'message', title: 'T', body: 'B', badge: 2, sound: 's' } }),
      expect: {
        aps: { 'content-available': 1 },
        herald_title: 'T',
        herald_body: 'B',
        herald_badge: 2,
        herald_sound: 's',
      },
    },
    {
      name: 'app data as custom keys beside aps, herald keys win',
      msg: message({
        content: { kind: 'notification', title: 'T', data: { orderId: '42', herald_id: 'x' } },
      }),
      expect: { orderId: '42', herald_id: ID, herald_kind: 'notification' },
    },
    {
      name: 'action as herald keys',
      msg: message({
        content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'https://x' } },
      }),
      expect: { herald_action_type: 'url', herald_action_value: 'https://x' },
    },
    {
      name: 'seed 004 ios overrides: subtitle, sound, category, thread id, mutable/content-available',
      msg: message({
        content: { kind: 'notification', title: 'T', body: 'B', sound: 'a' },
        overrides: {
          ios: {
            subtitle: 'S',
            sound: 'b',
            category: 'orders',
            thread_id: 't1',
            mutable_content: true,
            content_available: true,
          },
        },
      }),
      expect: {
        aps: {
          alert: { title: 'T', subtitle: 'S', body: 'B' },
          sound: 'b',
          category: 'orders',
          'thread-id': 't1',
          'content-available': 1,
          'mutable-content': 1,
        },
      },
    },
    {
      name: 'overrides.apns wins over overrides.ios field by field; relative badge "+1" ignored',
      msg: message({
        content: { kind: 'notification', title: 'T', badge: 1 },
        overrides: { ios: { sound: 'ios', category: 'c', badge: '+1' }, apns: { sound: 'apns', badge: 7 } },
      }),
      expect: { aps: { alert: { title: 'T' }, badge: 7, sound: 'apns', category: 'c' } },
    },
    {
      name: 'wrongly typed overrides are ignored',
      msg: message({
        content: { kind: 'notification', title: 'T' },
        overrides: { ios: { sound: 3, mutable_content: 'yes', badge: -1 } },
      }),
      expect: { aps: { alert: { title: 'T' } } },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { body } = build(c.msg);
      for (const [key, value] of Object.entries(c.expect)) assert.deepEqual(body[key], value, key);
    });
  }
});

describe('apnsPreflight', () => {
  const cases: Array<{ name: string; msg: VendorMessage; code: string | null }> = [
    { name: 'a small notification passes', msg: message(), code: null },
    {
      name: `over ${APNS_PAYLOAD_LIMIT_BYTES} bytes is payload_too_large`,
      msg: message({ content: { kind: 'notification', body: 'x'.repeat(APNS_PAYLOAD_LIMIT_BYTES) } }),
      code: 'payload_too_large',
    },
    {
      name: 'multi-byte text is measured in bytes, not characters',
      msg: message({ content: { kind: 'notification', body: 'é'.repeat(2100) } }),
      code: 'payload_too_large',
    },
    {
      name: 'a collapse id over 64 bytes once encoded is bad_collapse_id',
      msg: message({ collapseId: 'ü'.repeat(11) }),
      code: 'bad_collapse_id',
    },
    {
      name: 'a collapse id of exactly 64 bytes passes',
      msg: message({ collapseId: 'c'.repeat(64) }),
      code: null,
    },
    {
      name: 'an app data key "aps" is reserved',
      msg: message({ content: { kind: 'notification', title: 'T', data: { aps: 1 } } }),
      code: 'reserved_data_key',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = apnsPreflight(c.msg, apnsPayload(c.msg, { topic: TOPIC }));
      assert.equal(out === null ? null : out.kind === 'rejected' ? out.code : out.kind, c.code);
    });
  }
});
