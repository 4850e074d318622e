import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { validateOppoCredential } from './credential.js';
import { oppoNotification, oppoNotificationFault } from './payload.js';

const NOW = Date.UTC(2025, 0, 1);
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B' },
  priority: 'normal',
  collapseId: null,
  expiresAt: null,
  ...over,
});

test('oppoNotification: standard style, open the app, app data in action_parameters, app_message_id', {
  timeout: 30_000,
}, () => {
  assert.deepEqual(oppoNotification(msg({ expiresAt: NOW + 3_600_000 }), NOW), {
    title: 'T',
    content: 'B',
    style: 1,
    app_message_id: 'm-1',
    action_parameters: '{"herald_id":"m-1","herald_kind":"notification"}',
    click_action_type: 0,
    off_line: true,
    off_line_ttl: 3600,
  });
});

test('content over 50 chars switches to long-text style; over 128 is refused', { timeout: 30_000 }, () => {
  const long = msg({ content: { kind: 'notification', title: 'T', body: '长'.repeat(100) } });
  assert.equal(oppoNotification(long, NOW).style, 2);
  assert.equal(oppoNotificationFault(long, oppoNotification(long, NOW)), null);
  const tooLong = msg({ content: { kind: 'notification', title: 'T', body: 'x'.repeat(129) } });
  assert.equal(oppoNotificationFault(tooLong, oppoNotification(tooLong, NOW))?.code, 'content_too_long');
});

test('url actions open the URL (type 2), intents go by intent scheme URL (type 5)', {
  timeout: 30_000,
}, () => {
  const url = msg({
    content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'https://x.test' } },
  });
  assert.equal(oppoNotification(url, NOW).click_action_type, 2);
  assert.equal(oppoNotification(url, NOW).click_action_url, 'https://x.test');
  const intent = msg({ overrides: { android: { click_action: 'intent', intent: 'intent:#Intent;end' } } });
  assert.equal(oppoNotification(intent, NOW).click_action_type, 5);
});

test('validateOppoCredential names the missing field', { timeout: 30_000 }, () => {
  assert.throws(() => validateOppoCredential({ appKey: 'k' }), /masterSecret/);
  assert.deepEqual(validateOppoCredential({ appKey: ' k ', masterSecret: 's' }), {
    appKey: 'k',
    masterSecret: 's',
  });
});
