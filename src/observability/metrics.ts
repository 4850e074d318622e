import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Herald's Prometheus metrics, on a registry of its own (no global default registry). */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'herald_connections',
    help: 'Devices connected to this node, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: 'herald_pushes_total',
    help: 'Push requests accepted (tasks created).',
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'herald_deliveries_total',
    help: 'Delivery status changes, by new status and channel.',
    labelNames: ['status', 'channel'] as const,
    registers: [this.registry],
  });
  readonly deliveryStats = new Counter({
    name: 'herald_delivery_stats_total',
    help: 'Per-stage delivery statistics summed over apps, the same counts as /v1/stats/hourly: each delivery once per metric (target, sent, received, displayed, clicked, failed, revoked, expired) and channel (own, a vendor, or all).',
    labelNames: ['metric', 'channel'] as const,
    registers: [this.registry],
  });
  readonly pushToReceipt = new Histogram({
    name: 'herald_push_to_receipt_seconds',
    help: 'Time from a push being accepted to the device acknowledging receipt.',
    labelNames: ['channel'] as const,
    // From 1 ms (same-host device) to 1 h (a device that came online later).
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });
  readonly vendorSends = new Counter({
    name: 'herald_vendor_sends_total',
    help: 'Sends to vendor channels, by vendor and outcome (delivered, invalid_token, retry, quota, credential_error, rejected).',
    labelNames: ['vendor', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly tasksFinished = new Counter({
    name: 'herald_tasks_finished_total',
    help: 'Tasks that finished dispatch, by final status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'herald_' });
  }
}
