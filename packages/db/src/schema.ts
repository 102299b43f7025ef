import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kept beside the migrations; tests/integration/schema.test.ts selects every column so drift fails a test.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;
type BigIntColumn = ColumnType<string, number | bigint | string, number | bigint | string>;
type Id = ColumnType<string, never, never>;

export interface TenantsTable {
  name: string;
  display_name: string | null;
  timezone: Generated<string>;
  sla_policy: Json<Record<string, unknown>>;
  tariffs: Json<Record<string, unknown>>;
  credit_rules: Json<Record<string, unknown>>;
  partner_endpoints: Json<Record<string, string>>;
  webhook_secret: string;
  /** The secret before the last rotation, accepted until `previous_webhook_secret_expires_at`. */
  previous_webhook_secret: string | null;
  previous_webhook_secret_expires_at: Timestamp | null;
  maintenance_window: Json<{ start: string; end: string; weekdays?: number[] } | null> | null;
  /** NULL = active; a disabled tenant keeps its data but is not evaluated, scheduled or accepted at the gateway. */
  disabled_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** API keys, stored as SHA-256 hashes and named by a non-secret prefix. */
export interface TenantApiKeysTable {
  tenant: string;
  prefix: string;
  key_hash: string;
  created_at: DefaultTimestamp;
}

/** Versioned tenant settings: each change is a new row effective from its time; history is kept. */
export interface TenantSettingsVersionsTable {
  tenant: string;
  setting: 'sla_policy' | 'holidays';
  version: number;
  effective_from: Timestamp;
  value: Json<unknown>;
  created_at: DefaultTimestamp;
  created_by: string;
}

export interface OrderEventsTable {
  id: Generated<string>;
  tenant: string;
  source: 'shopify' | 'wms' | 'carrier';
  event_id: string;
  event_type: string;
  order_id: string;
  occurred_at: Timestamp;
  received_at: DefaultTimestamp;
  correlation_id: string | null;
  payload: Json<Record<string, unknown>>;
  extras: Json<Record<string, unknown>>;
}

export interface OrdersTable {
  tenant: string;
  order_id: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  order_created_at: Timestamp | null;
  paid_at: Timestamp | null;
  pick_started_at: Timestamp | null;
  pick_completed_at: Timestamp | null;
  pack_started_at: Timestamp | null;
  pack_completed_at: Timestamp | null;
  label_created_at: Timestamp | null;
  handoff_at: Timestamp | null;
  delivered_at: Timestamp | null;
  fulfilled_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  returned_at: Timestamp | null;
  first_event_at: Timestamp | null;
  last_event_at: Timestamp | null;
  event_count: Generated<number>;
  service_level: Generated<'standard' | 'express' | 'overnight'>;
  is_rush: Generated<boolean>;
  is_oversized: Generated<boolean>;
  is_hazmat: Generated<boolean>;
  is_fragile: Generated<boolean>;
  currency: Generated<string>;
  total_amount_cents: BigIntColumn | null;
  order_data: Json<Record<string, unknown>> | null;
  needs_evaluation: Generated<boolean>;
  evaluated_at: Timestamp | null;
  next_deadline_at: Timestamp | null;
  ai_analyzed_at: Timestamp | null;
  /** W3C traceparent of the ingest request that last touched the order (tracing on). */
  traceparent: string | null;
}

export interface ExceptionsTable {
  id: Generated<string>;
  tenant: string;
  order_id: string;
  reason_code: string;
  status: Generated<string>;
  severity: string;
  priority: number | null;
  ai_label: string | null;
  ai_confidence: number | null;
  ops_note: string | null;
  client_note: string | null;
  context_data: Json<Record<string, unknown>>;
  correlation_id: string | null;
  resolution_attempts: Generated<number>;
  max_resolution_attempts: Generated<number>;
  last_resolution_attempt_at: Timestamp | null;
  resolution_blocked: Generated<boolean>;
  resolution_block_reason: string | null;
  enrichment_retry_count: Generated<number>;
  escalated_at: Timestamp | null;
  escalation_level: Generated<number>;
  approval_status: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  resolved_at: Timestamp | null;
}

export interface ResolutionAttemptsTable {
  id: Generated<string>;
  tenant: string;
  exception_id: BigIntColumn;
  attempt_number: number;
  idempotency_key: string;
  workflow_id: string | null;
  run_id: string | null;
  status: Generated<string>;
  analysis: Json | null;
  actions: Json<unknown[]>;
  outcome: Json | null;
  error: string | null;
  started_at: DefaultTimestamp;
  finished_at: Timestamp | null;
  decision_source: 'ai' | 'playbook' | 'human' | null;
  evidence: Json | null;
}

export interface TenantPlaybooksTable {
  tenant: string;
  version: number;
  effective_from: Timestamp;
  playbooks: Json<unknown>;
  created_at: DefaultTimestamp;
  created_by: string;
}

export interface OrderProcessingStagesTable {
  id: Generated<string>;
  tenant: string;
  order_id: string;
  stage_name: string;
  status: string;
  depends_on: ColumnType<string[], string[] | undefined, string[]>;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  retry_count: Generated<number>;
  error_message: string | null;
  stage_data: Json<Record<string, unknown>>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface DataCompletenessChecksTable {
  id: Generated<string>;
  tenant: string;
  order_id: string;
  check_name: string;
  passed: boolean;
  details: Json<Record<string, unknown>>;
  checked_at: DefaultTimestamp;
}

export interface EnrichmentStateTable {
  id: Generated<string>;
  tenant: string;
  record_type: 'exception' | 'order';
  record_id: string;
  order_analysis: Generated<string>;
  classification: Generated<string>;
  automation: Generated<string>;
  retry_count: Generated<number>;
  next_retry_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_errors: Json<string[]>;
  needs_manual_review: Generated<boolean>;
  processing_ms: number | null;
  last_attempt_key: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface InvoiceNumberSequencesTable {
  tenant: string;
  period: string;
  last_value: Generated<number>;
}

export interface InvoicesTable {
  id: Generated<string>;
  tenant: string;
  /** `ORDER` (one per fulfilled order) or `MINIMUM_MONTHLY_FEE` (a month's shortfall, at most one per month). */
  kind: Generated<'ORDER' | 'MINIMUM_MONTHLY_FEE'>;
  /** The order billed; NULL exactly for a minimum-fee invoice. */
  order_id: string | null;
  invoice_number: string;
  status: Generated<string>;
  amount_cents: BigIntColumn;
  currency: Generated<string>;
  line_items: Json<unknown[]>;
  billable_operations: Json<Record<string, unknown>>;
  tariff_snapshot: Json<Record<string, unknown>>;
  volume_tier_percent: Generated<number>;
  billing_period: string;
  invoice_date: ColumnType<Date, Date | string, Date | string>;
  due_date: ColumnType<Date, Date | string, Date | string>;
  finalized_at: Timestamp | null;
  sent_at: Timestamp | null;
  paid_at: Timestamp | null;
  voided_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface InvoiceAdjustmentsTable {
  id: Generated<string>;
  tenant: string;
  invoice_id: BigIntColumn;
  reason: 'RECALCULATION' | 'SLA_CREDIT' | 'LATE_FEE' | 'MANUAL';
  delta_cents: BigIntColumn;
  rationale: string;
  status: 'APPLIED' | 'PENDING_REVIEW' | 'REJECTED';
  priority: Generated<'NORMAL' | 'HIGH'>;
  exception_id: BigIntColumn | null;
  dedupe_key: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface BillingReportsTable {
  tenant: string;
  period: string;
  report: Json<Record<string, unknown>>;
  generated_at: DefaultTimestamp;
}

export interface DlqTable {
  id: Generated<string>;
  tenant: string | null;
  kind: string;
  source: string | null;
  dedupe_key: string | null;
  payload: Json;
  error: string;
  status: Generated<'PENDING' | 'REPLAYED' | 'FAILED'>;
  attempts: Generated<number>;
  next_attempt_at: DefaultTimestamp;
  last_attempt_at: Timestamp | null;
  replayed_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface AlertsTable {
  id: Generated<string>;
  tenant: string;
  kind: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  message: string;
  data: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  created_at: DefaultTimestamp;
  acknowledged_at: Timestamp | null;
}

export interface QuarantinedRecordsTable {
  id: Generated<string>;
  tenant: string;
  kind: string;
  record_key: string;
  error_class: string;
  error_message: string;
  attempts: Generated<number>;
  workflow_id: string | null;
  run_id: string | null;
  activity_type: string | null;
  status: Generated<'open' | 'replayed' | 'discarded'>;
  first_seen_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  closed_at: Timestamp | null;
}

export interface FlowRunsTable {
  id: Generated<string>;
  tenant: string;
  flow: string;
  workflow_id: string;
  run_id: string;
  status: string;
  result: Json<Record<string, unknown>>;
  started_at: Timestamp | null;
  finished_at: DefaultTimestamp;
}

/** One outbound notification endpoint per tenant (docs/notifications.md). */
export interface NotificationEndpointsTable {
  tenant: string;
  url: string;
  secret: string;
  events: string[];
  min_severity: Generated<string>;
  format: Generated<'json' | 'slack'>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** The outbox and delivery record: one row per event, id = the event id (`X-E2A-Event-Id`). */
export interface NotificationDeliveriesTable {
  id: Generated<string>;
  tenant: string;
  event_type: string;
  exception_id: BigIntColumn | null;
  payload: Json<Record<string, unknown>>;
  status: Generated<'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED'>;
  attempts: Generated<number>;
  last_error: string | null;
  last_status_code: number | null;
  url: string | null;
  created_at: DefaultTimestamp;
  dispatched_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
  updated_at: DefaultTimestamp;
}

export interface Database {
  tenants: TenantsTable;
  tenant_api_keys: TenantApiKeysTable;
  tenant_settings_versions: TenantSettingsVersionsTable;
  tenant_playbooks: TenantPlaybooksTable;
  order_events: OrderEventsTable;
  orders: OrdersTable;
  exceptions: ExceptionsTable;
  exception_records: ExceptionsTable;
  resolution_attempts: ResolutionAttemptsTable;
  order_processing_stages: OrderProcessingStagesTable;
  data_completeness_checks: DataCompletenessChecksTable;
  enrichment_state: EnrichmentStateTable;
  invoice_number_sequences: InvoiceNumberSequencesTable;
  invoices: InvoicesTable;
  invoice_adjustments: InvoiceAdjustmentsTable;
  billing_reports: BillingReportsTable;
  dlq: DlqTable;
  alerts: AlertsTable;
  quarantined_records: QuarantinedRecordsTable;
  flow_runs: FlowRunsTable;
  notification_endpoints: NotificationEndpointsTable;
  notification_deliveries: NotificationDeliveriesTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type TenantApiKeyRow = Selectable<TenantApiKeysTable>;
export type TenantSettingsVersionRow = Selectable<TenantSettingsVersionsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderEventRow = Selectable<OrderEventsTable>;
export type NewOrderEvent = Insertable<OrderEventsTable>;
export type ExceptionRow = Selectable<ExceptionsTable>;
export type NewException = Insertable<ExceptionsTable>;
export type ExceptionUpdate = Updateable<ExceptionsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceAdjustmentRow = Selectable<InvoiceAdjustmentsTable>;
export type ResolutionAttemptRow = Selectable<ResolutionAttemptsTable>;
export type NotificationEndpointRow = Selectable<NotificationEndpointsTable>;
export type NotificationDeliveryRow = Selectable<NotificationDeliveriesTable>;
export type { Id };
