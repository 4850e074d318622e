import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { validateMeizuCredential } from './credential.js';
import { meizuPayload, meizuPayloadFault } from './payload.js';

const NOW = Date.UTC(2025, 0, 1);
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B' },
  priority: 'normal',
  collapseId: null,
  expiresAt: null,
  ...over,
});
const json = (m: VendorMessage) => JSON.parse(meizuPayload(m, NOW).messageJson);

test('a notification: notice bar, open the app with the data as parameters, 24 h validity by default', {
  timeout: 30_000,
}, () => {
  assert.equal(meizuPayload(msg(), NOW).kind, 'varnished');
  assert.deepEqual(json(msg()), {
    noticeBarInfo: { noticeBarType: 0, title: 'T', content: 'B' },
    clickTypeInfo: { clickType: 0, parameters: { herald_id: 'm-1', herald_kind: 'notification' } },
    pushTimeInfo: { offLine: 1, validTime: 24 },
    advanceInfo: {},
  });
});

test('validTime in hours, 1..72; url actions open the URI; flyme notice_msg_type passes through', {
  timeout: 30_000,
}, () => {
  assert.equal(json(msg({ expiresAt: NOW + 90 * 60_000 })).pushTimeInfo.validTime, 2);
  assert.equal(json(msg({ expiresAt: NOW + 10 * 86_400_000 })).pushTimeInfo.validTime, 72);
  const url = msg({
    content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'https://x.test' } },
  });
  assert.equal(json(url).clickTypeInfo.clickType, 2);
  assert.equal(json(msg({ overrides: { flyme: { notice_msg_type: 1 } } })).noticeBarInfo.noticeMsgType, 1);
});

test('pass-through kinds go unvarnished with the data as JSON content', { timeout: 30_000 }, () => {
  const p = meizuPayload(msg({ content: { kind: 'message', body: 'sync', data: { a: 1 } } }), NOW);
  assert.equal(p.kind, 'unvarnished');
  assert.deepEqual(JSON.parse(JSON.parse(p.messageJson).content), {
    a: 1,
    herald_id: 'm-1',
    herald_kind: 'message',
    herald_body: 'sync',
  });
});

test('faults: title over 32 chars, content over 100, pass-through over 2000', { timeout: 30_000 }, () => {
  const long = (title: string, body: string) =>
    meizuPayloadFault(meizuPayload(msg({ content: { kind: 'notification', title, body } }), NOW));
  assert.equal(long('t'.repeat(32), 'b'.repeat(100)), null);
  assert.equal(long('t'.repeat(33), 'b')?.code, 'title_too_long');
  assert.equal(long('t', 'b'.repeat(101))?.code, 'content_too_long');
  const big = meizuPayload(msg({ content: { kind: 'message', body: 'x'.repeat(2000) } }), NOW);
  assert.equal(meizuPayloadFault(big)?.code, 'payload_too_large');
});

test('validateMeizuCredential names the bad field', { timeout: 30_000 }, () => {
  assert.deepEqual(validateMeizuCredential({ appId: 100000, appSecret: ' s ' }), {
    appId: '100000',
    appSecret: 's',
  });
  assert.throws(() => validateMeizuCredential({ appId: 'abc', appSecret: 's' }), /appId/);
  assert.throws(() => validateMeizuCredential({ appId: '1' }), /appSecret/);
});
