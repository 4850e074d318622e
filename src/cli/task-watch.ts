import { setTimeout as sleep } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import type { DeliveryCounts } from '../domain/delivery.js';
import type { HeraldHttp } from './http-client.js';

export type { DeliveryCounts } from '../domain/delivery.js';

export interface TaskOut {
  id: string;
  messageId: string;
  status: 'pending' | 'sending' | 'sent' | 'cancelled' | 'expired' | 'failed';
  targeted: number;
  counts: DeliveryCounts;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface WatchResult {
  task: TaskOut;
  /** false when the timeout passed first. */
  done: boolean;
}

const POLL_MS = 250;

/** Deliveries only move forward, so displayed and clicked ones were received too. */
export function reached(c: DeliveryCounts): number {
  return c.received + c.displayed + c.clicked;
}

/** Finished: the task stopped fanning out and no delivery still waits for the device to take it. */
export function isSettled(t: TaskOut): boolean {
  return t.status !== 'pending' && t.status !== 'sending' && t.counts.queued === 0 && t.counts.sent === 0;
}

interface Display {
  update(t: TaskOut, elapsedMs: number): void;
  stop(): void;
}

function countsText(c: DeliveryCounts): string {
  return `sent ${c.sent}  received ${c.received}  displayed ${c.displayed}  clicked ${c.clicked}  failed ${c.failed}`;
}

function barDisplay(): Display {
  const bar = new SingleBar({
    stream: process.stdout,
    format: 'received {bar} {value}/{total} | {counts} | {status}',
    barsize: 30,
    // Leave the cursor alone: a Ctrl-C would otherwise leave the terminal without one.
    hideCursor: false,
  });
  let started = false;
  return {
    update(t) {
      const payload = { counts: countsText(t.counts), status: t.status };
      if (!started) {
        bar.start(t.targeted, reached(t.counts), payload);
        started = true;
        return;
      }
      bar.setTotal(t.targeted);
      bar.update(reached(t.counts), payload);
    },
    stop: () => bar.stop(),
  };
}

/** Without a terminal (CI logs, pipes) a redrawn bar is noise: one line whenever something moved. */
function lineDisplay(): Display {
  let last = '';
  return {
    update(t, elapsedMs) {
      const line = `${t.status}  received ${reached(t.counts)}/${t.targeted}  queued ${t.counts.queued}  ${countsText(t.counts)}`;
      if (line === last) return;
      last = line;
      process.stdout.write(`[${(elapsedMs / 1000).toFixed(2)}s] ${line}\n`);
    },
    stop() {},
  };
}

/** Polls GET /v1/tasks/:id until the task is settled or `timeoutSec` passes, showing progress. */
export async function watchTask(
  client: HeraldHttp,
  taskId: string,
  timeoutSec: number,
): Promise<WatchResult> {
  const path = `/v1/tasks/${encodeURIComponent(taskId)}`;
  const display = process.stdout.isTTY ? barDisplay() : lineDisplay();
  const started = Date.now();
  const deadline = started + timeoutSec * 1000;
  try {
    for (;;) {
      const task = await client.get<TaskOut>(path);
      display.update(task, Date.now() - started);
      if (isSettled(task)) return { task, done: true };
      if (Date.now() + POLL_MS > deadline) return { task, done: false };
      await sleep(POLL_MS);
    }
  } finally {
    display.stop();
  }
}

/** The closing line of a watch; sets exit code 2 on timeout so scripts can tell "not yet" from errors. */
export function reportWatch(r: WatchResult, timeoutSec: number): void {
  const { task } = r;
  const got = `${reached(task.counts)}/${task.targeted} received`;
  if (r.done) {
    process.stdout.write(
      `task ${task.id} ${task.status}: ${got}, ${task.counts.failed} failed, ${task.counts.expired} expired\n`,
    );
    return;
  }
  const waiting = task.counts.queued + task.counts.sent;
  process.stderr.write(
    `gave up after ${timeoutSec} s: task ${task.id} is ${task.status}, ${got}, ${waiting} still on the way` +
      ' (offline devices get it when they connect; raise --timeout to wait longer)\n',
  );
  process.exitCode = 2;
}
