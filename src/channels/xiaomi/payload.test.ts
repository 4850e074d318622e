import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VendorMessage } from '../channel.js';
import { untilChinaMidnight } from './errors.js';
import { xiaomiForm, xiaomiFormFault } from './payload.js';

const NOW = Date.UTC(2025, 0, 1, 12);
const PKG = 'com.example.app';
const msg = (over: Partial<VendorMessage> = {}): VendorMessage => ({
  id: 'm-1',
  content: { kind: 'notification', title: 'T', body: 'B' },
  priority: 'high',
  collapseId: null,
  expiresAt: null,
  ...over,
});

describe('xiaomiForm', { timeout: 30_000 }, () => {
  test('a notification: pass_through 0, title, description, notify_type -1, open the app', () => {
    const f = xiaomiForm(msg({ expiresAt: NOW + 60_000 }), PKG, NOW);
    assert.equal(f.pass_through, '0');
    assert.equal(f.title, 'T');
    assert.equal(f.description, 'B');
    assert.equal(f.notify_type, '-1');
    assert.equal(f['extra.notify_effect'], '1');
    assert.equal(f.time_to_live, '60000');
    assert.deepEqual(JSON.parse(decodeURIComponent(f.payload as string)), {
      herald_id: 'm-1',
      herald_kind: 'notification',
    });
  });

  test('click actions: intent override → effect 2 + intent_uri; url action → effect 3 + web_uri', () => {
    const intent = xiaomiForm(
      msg({ overrides: { xiaomi: { click_action: 'intent', intent: 'intent:#Intent;end' } } }),
      PKG,
      NOW,
    );
    assert.equal(intent['extra.notify_effect'], '2');
    assert.equal(intent['extra.intent_uri'], 'intent:#Intent;end');
    const web = xiaomiForm(
      msg({
        content: { kind: 'notification', title: 'T', action: { type: 'url', value: 'https://x.test' } },
      }),
      PKG,
      NOW,
    );
    assert.equal(web['extra.notify_effect'], '3');
    assert.equal(web['extra.web_uri'], 'https://x.test');
    assert.equal(web.description, 'T', 'a missing body falls back to the title: MiPush needs both');
  });

  test('a custom sound drops DEFAULT_SOUND from notify_type and names the raw resource', () => {
    const f = xiaomiForm(msg({ overrides: { android: { sound: 'ding' } } }), PKG, NOW);
    assert.equal(f.notify_type, '6');
    assert.equal(f['extra.sound_uri'], `android.resource://${PKG}/raw/ding`);
  });

  test('notify_id is stable per collapse id and differs per message otherwise', () => {
    const a = xiaomiForm(msg({ id: 'a', collapseId: 'c' }), PKG, NOW).notify_id;
    const b = xiaomiForm(msg({ id: 'b', collapseId: 'c' }), PKG, NOW).notify_id;
    const c = xiaomiForm(msg({ id: 'z' }), PKG, NOW).notify_id;
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  test('faults: over-long description (chars, CJK counted as 1), blank title, payload ≥ 4 KB', () => {
    assert.equal(
      xiaomiFormFault(
        xiaomiForm(msg({ content: { kind: 'notification', title: 'T', body: '好'.repeat(127) } }), PKG, NOW),
      ),
      null,
    );
    assert.equal(
      xiaomiFormFault(
        xiaomiForm(msg({ content: { kind: 'notification', title: 'T', body: '好'.repeat(128) } }), PKG, NOW),
      )?.code,
      'description_too_long',
    );
    assert.equal(
      xiaomiFormFault(xiaomiForm(msg({ content: { kind: 'notification' } }), PKG, NOW))?.code,
      'missing_text',
    );
    const big = msg({ content: { kind: 'message', data: { x: 'y'.repeat(4100) } } });
    assert.equal(xiaomiFormFault(xiaomiForm(big, PKG, NOW))?.code, 'payload_too_large');
  });

  test('untilChinaMidnight: noon UTC is 20:00 in Beijing, four hours to go', () => {
    assert.equal(untilChinaMidnight(NOW), 4 * 3_600_000);
  });
});
