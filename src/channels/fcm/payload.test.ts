import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { fcmMessage, fcmPayloadBytes } from './payload.js';

const NOW = 1_700_000_000_000;
const base = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'Order 42', body: 'Out for delivery', data: { orderId: 42 } },
  priority: 'high',
  collapseId: 'order-42',
  expiresAt: NOW + 3600_000,
  ...over,
});

describe('fcmMessage', () => {
  test('a notification: notification block, string data, android/apns/webpush blocks', () => {
    const { message } = fcmMessage(
      base({ content: { ...base().content, badge: 3, sound: 'ding' } }),
      'tok',
      NOW,
    );
    assert.deepEqual(message, {
      token: 'tok',
      notification: { title: 'Order 42', body: 'Out for delivery' },
      data: { orderId: '42', herald_id: 'm-1', herald_kind: 'notification' },
      android: {
        priority: 'HIGH',
        ttl: '3600s',
        collapse_key: 'order-42',
        notification: { sound: 'ding', notification_count: 3, tag: 'order-42' },
      },
      apns: {
        headers: {
          'apns-priority': '10',
          'apns-push-type': 'alert',
          'apns-expiration': String((NOW + 3600_000) / 1000),
          'apns-collapse-id': 'order-42',
        },
        payload: { aps: { badge: 3, sound: 'ding' } },
      },
      webpush: { headers: { TTL: '3600', Urgency: 'high' } },
    });
  });

  test('kinds message and config are data-only, title and body travel in data', () => {
    for (const kind of ['message', 'config'] as const) {
      const { message } = fcmMessage(
        base({ content: { kind, title: 'T', body: 'B', badge: 1 } }),
        'tok',
        NOW,
      );
      assert.equal(message.notification, undefined);
      assert.equal(message.android.notification, undefined);
      assert.equal(message.data.herald_title, 'T');
      assert.equal(message.data.herald_body, 'B');
      assert.equal(message.data.herald_badge, '1');
      assert.deepEqual(message.apns.payload, { aps: { 'content-available': 1 } });
      assert.equal(message.apns.headers['apns-priority'], '5', 'Apple: background pushes use priority 5');
    }
  });

  test('without a collapse id the Android notification is tagged with the message, so a replace takes its place', () => {
    const { message } = fcmMessage(base({ collapseId: null }), 'tok', NOW);
    assert.equal(message.android.notification?.tag, base().id);
    assert.equal(message.android.collapse_key, undefined, 'collapse_key stays for explicit collapse ids');
    assert.equal(message.apns.headers['apns-collapse-id'], base().id);
  });

  test('seed-004 overrides: fcm wins over android field by field', () => {
    const overrides = {
      android: { sound: 'a.mp3', channel_id: 'news', click_action: 'open_app' },
      fcm: {
        channel_id: 'orders',
        click_action: 'intent',
        intent: 'intent:#Intent;component=x/.Main;end',
        bad: 5,
      },
    };
    const { message } = fcmMessage(base({ overrides }), 'tok', NOW);
    assert.deepEqual(message.android.notification, { sound: 'a.mp3', channel_id: 'orders', tag: 'order-42' });
    assert.equal(message.data.herald_click_action, 'intent');
    assert.equal(message.data.herald_intent, 'intent:#Intent;component=x/.Main;end');
  });

  test('TTL is clamped to 0..4 weeks, absent without expiry, normal priority maps to NORMAL', () => {
    assert.equal(fcmMessage(base({ expiresAt: NOW - 5000 }), 't', NOW).message.android.ttl, '0s');
    assert.equal(
      fcmMessage(base({ expiresAt: NOW + 90 * 86_400_000 }), 't', NOW).message.android.ttl,
      '2419200s',
    );
    const m = fcmMessage(base({ expiresAt: null, priority: 'normal', collapseId: null }), 't', NOW).message;
    assert.equal(m.android.ttl, undefined);
    assert.equal(m.android.priority, 'NORMAL');
    assert.equal(m.android.collapse_key, undefined);
    assert.deepEqual(m.webpush.headers, { Urgency: 'normal' });
  });

  test('an https url action becomes the web link; app data never overrides Herald keys', () => {
    const content = {
      kind: 'notification' as const,
      action: { type: 'url' as const, value: 'https://x.test/a' },
      data: { herald_id: 'spoof' },
    };
    const { message } = fcmMessage(base({ content }), 't', NOW);
    assert.deepEqual(message.webpush.fcm_options, { link: 'https://x.test/a' });
    assert.equal(message.data.herald_id, 'm-1');
    assert.equal(message.data.herald_action_type, 'url');
  });

  test('payload size counts data and notification', () => {
    const small = fcmMessage(base(), 't', NOW).message;
    const big = fcmMessage(
      base({ content: { kind: 'notification', body: 'x'.repeat(5000) } }),
      't',
      NOW,
    ).message;
    assert.ok(fcmPayloadBytes(small) < 200);
    assert.ok(fcmPayloadBytes(big) > 5000);
  });
});
