import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { hmsMessage, hmsPayloadBytes, hmsSendBody } from './payload.js';

const NOW = Date.UTC(2025, 0, 1);
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B', data: { orderId: '42' } },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
  ...over,
});

describe('hmsMessage', { timeout: 30_000 }, () => {
  test('a notification gets android.notification with click_action type 3 and the data as a JSON string', () => {
    const m = hmsMessage(msg(), NOW);
    assert.deepEqual(m.android, { notification: { title: 'T', body: 'B', click_action: { type: 3 } } });
    assert.deepEqual(JSON.parse(m.data), { orderId: '42', herald_id: 'm-1', herald_kind: 'notification' });
  });

  test('a pass-through message has no notification; urgency follows priority and the text rides in data', () => {
    const m = hmsMessage(
      msg({ content: { kind: 'message', title: 'T', body: 'B' }, priority: 'normal' }),
      NOW,
    );
    assert.deepEqual(m.android, { urgency: 'NORMAL' });
    assert.deepEqual(JSON.parse(m.data), {
      herald_id: 'm-1',
      herald_kind: 'message',
      herald_title: 'T',
      herald_body: 'B',
    });
  });

  test('expiresAt becomes a relative ttl, capped at 15 days and at least one second', () => {
    assert.equal(hmsMessage(msg({ expiresAt: NOW + 90_500 }), NOW).android.ttl, '91s');
    assert.equal(hmsMessage(msg({ expiresAt: NOW + 40 * 86_400_000 }), NOW).android.ttl, '1296000s');
    assert.equal(hmsMessage(msg({ expiresAt: NOW - 5000 }), NOW).android.ttl, '1s');
  });

  test('seed 004 overrides: huawei wins over android field by field', () => {
    const m = hmsMessage(
      msg({
        content: { kind: 'notification', title: 'T', body: 'B', badge: 3, sound: 'default' },
        collapseId: 'order-42',
        overrides: {
          android: { channel_id: 'general', click_action: 'open_app', sound: 'ding' },
          huawei: {
            channel_id: 'orders',
            click_action: 'intent',
            intent: 'intent:#Intent;end',
            badge_class: 'a.Main',
          },
        },
      }),
      NOW,
    );
    assert.deepEqual(m.android.notification, {
      title: 'T',
      body: 'B',
      click_action: { type: 1, intent: 'intent:#Intent;end' },
      sound: 'ding',
      default_sound: false,
      channel_id: 'orders',
      tag: 'order-42',
      badge: { set_num: 3, class: 'a.Main' },
    });
  });

  test('a url action opens the URL only over https; a badge without badge_class is left out', () => {
    const https = msg({
      content: {
        kind: 'notification',
        title: 'T',
        badge: 2,
        action: { type: 'url', value: 'https://x.test/a' },
      },
    });
    assert.deepEqual(hmsMessage(https, NOW).android.notification?.click_action, {
      type: 2,
      url: 'https://x.test/a',
    });
    assert.equal(hmsMessage(https, NOW).android.notification?.badge, undefined);
    const http = msg({
      content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'http://x.test' } },
    });
    assert.deepEqual(hmsMessage(http, NOW).android.notification?.click_action, { type: 3 });
  });

  test('the size counted against 4096 bytes excludes the token list', () => {
    const base = hmsMessage(msg(), NOW);
    const withTokens = JSON.stringify(hmsSendBody(base, ['a'.repeat(3000), 'b'.repeat(3000)]));
    assert.ok(hmsPayloadBytes(base) < 400);
    assert.ok(Buffer.byteLength(withTokens) > 6000);
  });
});
