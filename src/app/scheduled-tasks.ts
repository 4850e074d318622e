import { validateAudience } from '../domain/audience-validate.js';
import type { Clock } from '../domain/clock.js';
import { HeraldError, invalid, notFound } from '../domain/errors.js';
import type { MessageContent } from '../domain/message.js';
import type { Store } from '../store/store.js';
import { MAX_SCHEDULE_MS, MAX_TTL_SECONDS, validateContent } from './push.js';

/** Changing a task before it goes out: cancel, reschedule, edit (content, expiry, audience); and deleting it afterwards. */
export class ScheduledTasks {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async cancel(appId: string, id: string): Promise<void> {
    const task = await this.#store.tasks.get(appId, id);
    if (!task) throw notFound('task');
    if (!(await this.#store.tasks.cancel(appId, id, this.#clock.now()))) {
      throw new HeraldError(
        'conflict',
        `a ${task.status} task cannot be cancelled; revoke its message instead`,
      );
    }
  }

  async update(
    appId: string,
    id: string,
    patch: { sendAt?: number; message?: MessageContent; expiresAt?: number; audience?: unknown },
  ): Promise<void> {
    const task = await this.#store.tasks.get(appId, id);
    if (!task) throw notFound('task');
    const message = await this.#store.tasks.getMessage(appId, task.messageId);
    if (task.status !== 'scheduled' || !message)
      throw new HeraldError('conflict', `only a scheduled task can be changed; this one is ${task.status}`);
    const now = this.#clock.now();
    if (patch.sendAt !== undefined && (patch.sendAt <= now || patch.sendAt > now + MAX_SCHEDULE_MS)) {
      throw invalid('sendAt', 'must be a future time within a year');
    }
    const sendAt = patch.sendAt ?? task.sendAt ?? now;
    const expiresAt = patch.expiresAt ?? message.expiresAt;
    if (expiresAt !== null && (expiresAt <= sendAt || expiresAt > sendAt + MAX_TTL_SECONDS * 1000)) {
      throw invalid(
        patch.expiresAt !== undefined ? 'expiresAt' : 'sendAt',
        'the message must expire after it is sent, within 28 days',
      );
    }
    const content = patch.message === undefined ? undefined : validateContent(patch.message);
    const audience = patch.audience === undefined ? undefined : validateAudience(patch.audience);
    const changed = await this.#store.tasks.reschedule(appId, id, {
      ...(patch.sendAt !== undefined ? { sendAt: patch.sendAt } : {}),
      ...(content !== undefined ? { content } : {}),
      ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
      ...(audience !== undefined ? { audience } : {}),
    });
    if (!changed) throw new HeraldError('conflict', 'the task started or was cancelled meanwhile');
  }

  async delete(appId: string, id: string): Promise<void> {
    const task = await this.#store.tasks.get(appId, id);
    if (!task) throw notFound('task');
    if (!(await this.#store.tasks.delete(appId, id)))
      throw new HeraldError('conflict', 'a task being sent cannot be deleted; cancel or wait');
  }
}
