import { describe } from 'node:test';
import { acceptTests } from './conformance/accept.js';
import { appTests } from './conformance/apps.js';
import { audienceTests } from './conformance/audience.js';
import { audienceKindTests } from './conformance/audience-kinds.js';
import { claimTests } from './conformance/claim.js';
import { deliveryTests } from './conformance/deliveries.js';
import { deviceTests } from './conformance/devices.js';
import { frequencyTests } from './conformance/frequency.js';
import { harness, type OpenStore } from './conformance/harness.js';
import { lifecycleTests } from './conformance/lifecycle.js';
import { owedTests } from './conformance/owed.js';
import { statsTests } from './conformance/stats.js';
import { taskQueryTests } from './conformance/task-query.js';
import { taskTests } from './conformance/tasks.js';
import { vendorLegTests } from './conformance/vendor-legs.js';

export type { OpenedStore, OpenStore } from './conformance/harness.js';

/**
 * The Store contract (the TSDoc of store.ts), run against every backend.
 *
 * `open` is called several times: once for a store the tests share (each test works in apps of
 * its own) and once per test whose operation spans the whole database (migrate, claim, expire,
 * apps.list). Each call must give a store on a fresh, empty, unmigrated database; the suite
 * migrates it, closes it, then calls `cleanup`. The optional `exec` lets the suite plant a
 * migration row from newer code.
 */
export function storeConformance(name: string, open: OpenStore): void {
  describe(name, () => {
    const h = harness(open);
    lifecycleTests(h);
    appTests(h);
    deviceTests(h);
    audienceTests(h);
    audienceKindTests(h);
    taskTests(h);
    taskQueryTests(h);
    acceptTests(h);
    claimTests(h);
    deliveryTests(h);
    owedTests(h);
    vendorLegTests(h);
    frequencyTests(h);
    statsTests(h);
  });
}
