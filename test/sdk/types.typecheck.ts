/**
 * Type tests of the SDK's public surface, checked by `tsc` in `npm test` (the build): each
 * `@ts-expect-error` fails the build if the line it marks stops being an error.
 */
import type { HeraldClientEvents, MessageFrame } from '../../sdk/index.js';
import { HeraldClient } from '../../sdk/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T): void => {};

declare const client: HeraldClient;

client.on('message', (m) => {
  assertType<Equal<typeof m, MessageFrame>>(true);
  assertType<Equal<typeof m.id, string>>(true);
  assertType<Equal<typeof m.version, number>>(true);
});
client.on('close', (c) => {
  assertType<Equal<typeof c.willReconnect, boolean>>(true);
});
assertType<Equal<ReturnType<HeraldClient['on']>, () => void>>(true);
assertType<Equal<keyof HeraldClientEvents extends string ? true : false, true>>(true);

// @ts-expect-error: not an event the client emits
client.on('messages', () => {});
// @ts-expect-error: receipts from the app are 2, 3 or 4
client.ack('id', 5);
// @ts-expect-error: url and token are required
new HeraldClient({ url: 'wss://example.test' });
client.displayed('message-id');
client.clicked('message-id');
