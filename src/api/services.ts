import type { AccessTokens } from '../app/access-tokens.js';
import type { AppAdmin } from '../app/app-admin.js';
import type { AppAuthenticator } from '../app/app-auth.js';
import type { AudienceService } from '../app/audience-service.js';
import type { Credentials } from '../app/credentials.js';
import type { DeviceService } from '../app/devices.js';
import type { HourlyStats } from '../app/hourly-stats.js';
import type { MessageControl } from '../app/message-control.js';
import type { Organisations } from '../app/organisations.js';
import type { PushService } from '../app/push.js';
import type { ScheduledTasks } from '../app/scheduled-tasks.js';
import type { TaskQueries } from '../app/task-queries.js';
import type { TokenHealth } from '../app/token-health.js';
import type { Webhooks } from '../app/webhooks.js';
import type { Clock } from '../domain/clock.js';
import type { Metrics } from '../observability/metrics.js';

/** The use cases the HTTP API calls; built by main.ts. */
export interface ApiServices {
  readonly admin: AppAdmin;
  readonly auth: AppAuthenticator;
  readonly accessTokens: AccessTokens;
  readonly audience: AudienceService;
  readonly credentials: Credentials;
  readonly devices: DeviceService;
  readonly push: PushService;
  readonly scheduled: ScheduledTasks;
  readonly control: MessageControl;
  readonly orgs: Organisations;
  readonly tasks: TaskQueries;
  readonly tokens: TokenHealth;
  readonly webhooks: Webhooks;
  readonly stats: HourlyStats;
  readonly metrics: Metrics;
  /** The clock the use cases run on, for facades that must tell "now" from "later" (seed 003's push time). */
  readonly clock: Clock;
  readonly adminToken: string;
  readonly redactedConfig: Record<string, unknown>;
  /** Resolves when the server can do work (store reachable). */
  readonly ready: () => Promise<boolean>;
}
