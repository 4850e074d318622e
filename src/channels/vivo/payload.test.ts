import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { validateVivoCredential } from './credential.js';
import { vivoFault, vivoNotification, vivoRequestId } from './payload.js';

const NOW = Date.UTC(2025, 0, 1);
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B', data: { n: 1 } },
  priority: 'normal',
  collapseId: null,
  expiresAt: null,
  ...over,
});

test('vivoNotification: appId, notifyType by priority, open the app, data as a string map', {
  timeout: 30_000,
}, () => {
  assert.deepEqual(vivoNotification(msg(), '10004', NOW), {
    appId: '10004',
    notifyType: 2,
    title: 'T',
    content: 'B',
    networkType: -1,
    classification: 0,
    clientCustomMap: { herald_id: 'm-1', herald_kind: 'notification', n: '1' },
    skipType: 1,
  });
  assert.equal(vivoNotification(msg({ priority: 'high' }), '1', NOW).notifyType, 4);
});

test('timeToLive is clamped to 60 s .. 7 days; seed 004 vivo overrides set classification and pushMode', {
  timeout: 30_000,
}, () => {
  assert.equal(vivoNotification(msg({ expiresAt: NOW + 5_000 }), '1', NOW).timeToLive, 60);
  assert.equal(vivoNotification(msg({ expiresAt: NOW + 30 * 86_400_000 }), '1', NOW).timeToLive, 604_800);
  const n = vivoNotification(msg({ overrides: { vivo: { classification: 1, push_mode: 1 } } }), '1', NOW);
  assert.equal(n.classification, 1);
  assert.equal(n.pushMode, 1);
});

test('url actions are skipType 2; intents skipType 4', { timeout: 30_000 }, () => {
  const url = msg({
    content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'https://x.test' } },
  });
  assert.deepEqual(
    [vivoNotification(url, '1', NOW).skipType, vivoNotification(url, '1', NOW).skipContent],
    [2, 'https://x.test'],
  );
  const intent = msg({ overrides: { android: { click_action: 'intent', intent: 'intent:#Intent;end' } } });
  assert.equal(vivoNotification(intent, '1', NOW).skipType, 4);
});

test('faults: CJK counts two toward the 40/100 widths; clientCustomMap over 1024 chars', {
  timeout: 30_000,
}, () => {
  const cjk = (title: string) => msg({ content: { kind: 'notification', title, body: 'B' } });
  assert.equal(vivoFault(cjk('好'.repeat(20)), vivoNotification(cjk('好'.repeat(20)), '1', NOW)), null);
  assert.equal(
    vivoFault(cjk('好'.repeat(21)), vivoNotification(cjk('好'.repeat(21)), '1', NOW))?.code,
    'title_too_long',
  );
  const big = msg({
    content: { kind: 'notification', title: 'T', body: 'B', data: { x: 'y'.repeat(1000) } },
  });
  assert.equal(vivoFault(big, vivoNotification(big, '1', NOW))?.code, 'payload_too_large');
});

test('vivoRequestId is stable per message and regId, ≤ 64 chars', { timeout: 30_000 }, () => {
  assert.equal(vivoRequestId('m', 'r'), vivoRequestId('m', 'r'));
  assert.notEqual(vivoRequestId('m', 'r'), vivoRequestId('m', 's'));
  assert.ok(vivoRequestId('m', 'r').length <= 64);
});

test('validateVivoCredential takes a numeric appId and names the bad field', { timeout: 30_000 }, () => {
  assert.equal(validateVivoCredential({ appId: 10004, appKey: 'k', appSecret: 's' }).appId, '10004');
  assert.throws(() => validateVivoCredential({ appId: 'x1', appKey: 'k', appSecret: 's' }), /appId/);
  assert.throws(() => validateVivoCredential({ appId: '1', appKey: 'k' }), /appSecret/);
});
