import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { validateJpushCredential } from './credential.js';
import { jpushPush, jpushPushFault } from './payload.js';

const NOW = Date.UTC(2025, 0, 1);
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B', badge: 2, sound: 'default' },
  priority: 'high',
  collapseId: null,
  expiresAt: NOW + 90_500,
  ...over,
});

describe('jpushPush', { timeout: 30_000 }, () => {
  test('a notification for android and ios with extras, ttl and APNs environment', () => {
    const p = jpushPush(msg(), ['r1'], NOW, false);
    assert.deepEqual(p.audience, { registration_id: ['r1'] });
    assert.deepEqual(p.notification?.android, {
      alert: 'B',
      title: 'T',
      priority: 1,
      extras: { herald_id: 'm-1', herald_kind: 'notification' },
    });
    assert.deepEqual(p.notification?.ios, {
      alert: { title: 'T', body: 'B' },
      sound: 'default',
      badge: 2,
      extras: { herald_id: 'm-1', herald_kind: 'notification' },
    });
    assert.deepEqual(p.options, { apns_production: false, time_to_live: 91 });
  });

  test('overrides: channel_id and the intent click action go to android', () => {
    const p = jpushPush(
      msg({
        overrides: {
          android: { channel_id: 'orders', click_action: 'intent', intent: 'intent:#Intent;end' },
        },
      }),
      [],
      NOW,
      true,
    );
    assert.equal(p.notification?.android.channel_id, 'orders');
    assert.deepEqual(p.notification?.android.intent, { url: 'intent:#Intent;end' });
  });

  test('message and config kinds become a custom message', () => {
    const p = jpushPush(msg({ content: { kind: 'config', title: 'cfg', body: '{"a":1}' } }), [], NOW, true);
    assert.equal(p.notification, undefined);
    assert.deepEqual(p.message, {
      msg_content: '{"a":1}',
      title: 'cfg',
      content_type: 'text',
      extras: { herald_id: 'm-1', herald_kind: 'config' },
    });
  });

  test('faults: over 4000 bytes, or a notification without text', () => {
    assert.equal(
      jpushPushFault(
        jpushPush(msg({ content: { kind: 'notification', body: 'x'.repeat(4000) } }), [], NOW, true),
      )?.code,
      'payload_too_large',
    );
    assert.equal(
      jpushPushFault(jpushPush(msg({ content: { kind: 'notification' } }), [], NOW, true))?.code,
      'missing_text',
    );
    assert.equal(jpushPushFault(jpushPush(msg(), [], NOW, true)), null);
  });

  test('credential: both keys are 24 alphanumerics, the error names the field', () => {
    assert.throws(
      () => validateJpushCredential({ appKey: 'short', masterSecret: 'e674a3d0fd42a53b9a58121c' }),
      /appKey/,
    );
    assert.throws(() => validateJpushCredential({ appKey: 'e674a3d0fd42a53b9a58121c' }), /masterSecret/);
  });
});
