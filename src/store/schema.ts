/** Row shapes as stored. Times are epoch milliseconds; booleans are 0/1 so both dialects agree. */
export interface AppsTable {
  id: string;
  name: string;
  app_key: string;
  master_secret: string;
  quiet_hours: string | null;
  /** JSON of domain/frequency-cap.ts; null = no cap. */
  frequency_cap: string | null;
  created_at: number;
  updated_at: number;
}

export interface DevicesTable {
  id: string;
  app_id: string;
  client_id: string;
  app_package: string;
  token: string;
  push_id: string | null;
  device_name: string | null;
  device_type: string;
  type_id: string | null;
  platform: string | null;
  user_id: string | null;
  alias: string | null;
  locale: string | null;
  timezone: string | null;
  province: string | null;
  city: string | null;
  product_id: string | null;
  is_test: number;
  status: number;
  reg_time: number;
  updated_at: number;
  last_active_at: number | null;
}

export interface DeviceTagsTable {
  app_id: string;
  tag: string;
  device_id: string;
}

export interface DeviceTokensTable {
  device_id: string;
  vendor: string;
  app_id: string;
  token: string;
  updated_at: number;
}

export interface TasksTable {
  id: string;
  app_id: string;
  message_id: string;
  request_id: string | null;
  title: string | null;
  audience: string;
  test_only: number;
  status: string;
  targeted: number;
  send_at: number | null;
  throttle: number | null;
  cursor: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  local_time: string | null;
}

export interface MessagesTable {
  id: string;
  app_id: string;
  task_id: string;
  content: string;
  priority: string;
  collapse_id: string | null;
  version: number;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  /** JSON of domain/routing.ts Routing; null = DEFAULT_ROUTING. */
  routing: string | null;
  /** Set when dispatched as a broadcast (rows created on delivery, not per device up front). */
  fanout_at: number | null;
}

export interface DeliveriesTable {
  message_id: string;
  device_id: string;
  app_id: string;
  channel: string;
  status: string;
  pending_control: string | null;
  updated_at: number;
  sent_at: number | null;
  received_at: number | null;
  displayed_at: number | null;
  clicked_at: number | null;
  vendor: string | null;
  vendor_state: string | null;
  vendor_due_at: number | null;
  vendor_attempts: number;
  vendor_error: string | null;
}

export interface DeviceFrequencyTable {
  device_id: string;
  window_start: number;
  count: number;
}

export interface TokenInvalidationsTable {
  app_id: string;
  vendor: string;
  count: number;
  last_at: number;
}

export interface HourlyStatsTable {
  app_id: string;
  /** Start of the hour bucket, epoch ms (UTC). */
  hour: number;
  /** 'own', a vendor name, or 'all' (domain/stats.ts). */
  channel: string;
  metric: string;
  count: number;
}

export interface OrgNodesTable {
  id: string;
  app_id: string;
  parent_id: string | null;
  name: string;
  path: string;
  created_at: number;
}

export interface OrgMembersTable {
  app_id: string;
  node_id: string;
  user_id: string;
}

export interface WebhooksTable {
  id: string;
  app_id: string;
  url: string;
  secret: string;
  events: string;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  app_id: string;
  payload: string;
  event_count: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface CredentialsTable {
  app_id: string;
  vendor: string;
  environment: string;
  sealed: string;
  status: string;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  credentials: CredentialsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  org_nodes: OrgNodesTable;
  org_members: OrgMembersTable;
  apps: AppsTable;
  devices: DevicesTable;
  device_tags: DeviceTagsTable;
  device_tokens: DeviceTokensTable;
  token_invalidations: TokenInvalidationsTable;
  device_frequency: DeviceFrequencyTable;
  tasks: TasksTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  hourly_stats: HourlyStatsTable;
}
