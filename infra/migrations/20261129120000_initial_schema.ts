import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE tenants (
      name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
      display_name text,
      timezone text NOT NULL DEFAULT 'UTC',
      sla_policy jsonb NOT NULL DEFAULT '{}'::jsonb,
      tariffs jsonb NOT NULL DEFAULT '{}'::jsonb,
      credit_rules jsonb NOT NULL DEFAULT '{}'::jsonb,
      partner_endpoints jsonb NOT NULL DEFAULT '{}'::jsonb,
      webhook_secret text NOT NULL,
      api_key_hashes text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE order_events (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      source text NOT NULL CHECK (source IN ('shopify', 'wms', 'carrier')),
      event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 128),
      event_type text NOT NULL,
      order_id text NOT NULL CHECK (length(order_id) BETWEEN 1 AND 128),
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      correlation_id text,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      extras jsonb NOT NULL DEFAULT '{}'::jsonb,
      CONSTRAINT uq_order_events_tenant_source_event UNIQUE (tenant, source, event_id)
    )`.execute(db);
  await sql`CREATE INDEX ix_order_events_tenant_order ON order_events (tenant, order_id, occurred_at)`.execute(
    db,
  );
  await sql`CREATE INDEX ix_order_events_tenant_received ON order_events (tenant, received_at)`.execute(db);

  // Projection maintained by the gateway in the event's transaction; the SLA engine reads it set-based.
  await sql`
    CREATE TABLE orders (
      tenant text NOT NULL REFERENCES tenants(name),
      order_id text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      order_created_at timestamptz,
      paid_at timestamptz,
      pick_started_at timestamptz,
      pick_completed_at timestamptz,
      pack_started_at timestamptz,
      pack_completed_at timestamptz,
      label_created_at timestamptz,
      handoff_at timestamptz,
      delivered_at timestamptz,
      fulfilled_at timestamptz,
      cancelled_at timestamptz,
      returned_at timestamptz,
      first_event_at timestamptz,
      last_event_at timestamptz,
      event_count integer NOT NULL DEFAULT 0,
      service_level text NOT NULL DEFAULT 'standard' CHECK (service_level IN ('standard', 'express', 'overnight')),
      is_rush boolean NOT NULL DEFAULT false,
      is_oversized boolean NOT NULL DEFAULT false,
      is_hazmat boolean NOT NULL DEFAULT false,
      is_fragile boolean NOT NULL DEFAULT false,
      currency text NOT NULL DEFAULT 'USD',
      total_amount_cents bigint,
      order_data jsonb,
      needs_evaluation boolean NOT NULL DEFAULT true,
      evaluated_at timestamptz,
      next_deadline_at timestamptz,
      PRIMARY KEY (tenant, order_id)
    )`.execute(db);
  await sql`CREATE INDEX ix_orders_needs_evaluation ON orders (tenant, updated_at) WHERE needs_evaluation`.execute(
    db,
  );
  await sql`CREATE INDEX ix_orders_next_deadline ON orders (tenant, next_deadline_at) WHERE next_deadline_at IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX ix_orders_fulfilled ON orders (tenant, handoff_at, fulfilled_at, delivered_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE exceptions (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      order_id text NOT NULL,
      reason_code text NOT NULL,
      status text NOT NULL DEFAULT 'OPEN'
        CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
      severity text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
      priority integer,
      ai_label text,
      ai_confidence double precision CHECK (ai_confidence IS NULL OR ai_confidence BETWEEN 0 AND 1),
      ops_note text,
      client_note text,
      context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
      correlation_id text,
      resolution_attempts integer NOT NULL DEFAULT 0,
      max_resolution_attempts integer NOT NULL DEFAULT 2,
      last_resolution_attempt_at timestamptz,
      resolution_blocked boolean NOT NULL DEFAULT false,
      resolution_block_reason text,
      enrichment_retry_count integer NOT NULL DEFAULT 0,
      escalated_at timestamptz,
      escalation_level integer NOT NULL DEFAULT 0,
      approval_status text CHECK (approval_status IN ('PENDING', 'APPROVED', 'REJECTED')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`.execute(db);
  await sql`
    CREATE UNIQUE INDEX uq_exceptions_one_active ON exceptions (tenant, order_id, reason_code)
    WHERE status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')`.execute(db);
  await sql`
    CREATE INDEX ix_exceptions_resolution_eligible ON exceptions
    (tenant, status, resolution_attempts, resolution_blocked)`.execute(db);
  await sql`CREATE INDEX ix_exceptions_tenant_created ON exceptions (tenant, created_at DESC)`.execute(db);
  await sql`CREATE INDEX ix_exceptions_tenant_order ON exceptions (tenant, order_id)`.execute(db);
  await sql`CREATE VIEW exception_records AS SELECT * FROM exceptions`.execute(db);

  await sql`
    CREATE TABLE resolution_attempts (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      exception_id bigint NOT NULL REFERENCES exceptions(id) ON DELETE CASCADE,
      attempt_number integer NOT NULL CHECK (attempt_number >= 1),
      idempotency_key text NOT NULL UNIQUE,
      workflow_id text,
      run_id text,
      status text NOT NULL DEFAULT 'STARTED'
        CHECK (status IN ('STARTED', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'AWAITING_APPROVAL', 'REJECTED')),
      analysis jsonb,
      actions jsonb NOT NULL DEFAULT '[]'::jsonb,
      outcome jsonb,
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      CONSTRAINT uq_resolution_attempts_exception_attempt UNIQUE (exception_id, attempt_number)
    )`.execute(db);

  await sql`
    CREATE TABLE order_processing_stages (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      order_id text NOT NULL,
      stage_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SKIPPED')),
      depends_on text[] NOT NULL DEFAULT '{}',
      started_at timestamptz,
      completed_at timestamptz,
      retry_count integer NOT NULL DEFAULT 0,
      error_message text,
      stage_data jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_order_processing_stages UNIQUE (tenant, order_id, stage_name)
    )`.execute(db);

  await sql`
    CREATE TABLE data_completeness_checks (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      order_id text NOT NULL,
      check_name text NOT NULL,
      passed boolean NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      checked_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_data_completeness_checks UNIQUE (tenant, order_id, check_name)
    )`.execute(db);

  await sql`
    CREATE TABLE enrichment_state (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      record_type text NOT NULL CHECK (record_type IN ('exception', 'order')),
      record_id text NOT NULL,
      order_analysis text NOT NULL DEFAULT 'PENDING',
      classification text NOT NULL DEFAULT 'PENDING',
      automation text NOT NULL DEFAULT 'PENDING',
      retry_count integer NOT NULL DEFAULT 0,
      next_retry_at timestamptz,
      last_attempt_at timestamptz,
      last_errors jsonb NOT NULL DEFAULT '[]'::jsonb,
      needs_manual_review boolean NOT NULL DEFAULT false,
      processing_ms integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_enrichment_state_record UNIQUE (tenant, record_type, record_id),
      CHECK (order_analysis IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SKIPPED')),
      CHECK (classification IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SKIPPED')),
      CHECK (automation IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'SKIPPED'))
    )`.execute(db);
  await sql`CREATE INDEX ix_enrichment_state_due ON enrichment_state (tenant, next_retry_at) WHERE next_retry_at IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE invoice_number_sequences (
      tenant text NOT NULL REFERENCES tenants(name),
      period text NOT NULL CHECK (period ~ '^[0-9]{6}$'),
      last_value integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant, period)
    )`.execute(db);

  await sql`
    CREATE TABLE invoices (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      order_id text NOT NULL,
      invoice_number text NOT NULL UNIQUE,
      status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PENDING', 'SENT', 'PAID', 'VOID')),
      amount_cents bigint NOT NULL,
      currency text NOT NULL DEFAULT 'USD',
      line_items jsonb NOT NULL DEFAULT '[]'::jsonb,
      billable_operations jsonb NOT NULL DEFAULT '{}'::jsonb,
      tariff_snapshot jsonb NOT NULL DEFAULT '{}'::jsonb,
      volume_tier_percent integer NOT NULL DEFAULT 0,
      billing_period text NOT NULL,
      invoice_date date NOT NULL,
      due_date date NOT NULL,
      finalized_at timestamptz,
      sent_at timestamptz,
      paid_at timestamptz,
      voided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_invoices_tenant_order UNIQUE (tenant, order_id)
    )`.execute(db);
  await sql`CREATE INDEX ix_invoices_tenant_status ON invoices (tenant, status, created_at)`.execute(db);
  await sql`CREATE INDEX ix_invoices_tenant_period ON invoices (tenant, billing_period)`.execute(db);

  await sql`
    CREATE TABLE invoice_adjustments (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL REFERENCES tenants(name),
      invoice_id bigint NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      reason text NOT NULL CHECK (reason IN ('RECALCULATION', 'SLA_CREDIT', 'LATE_FEE', 'MANUAL')),
      delta_cents bigint NOT NULL,
      rationale text NOT NULL,
      status text NOT NULL CHECK (status IN ('APPLIED', 'PENDING_REVIEW', 'REJECTED')),
      priority text NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('NORMAL', 'HIGH')),
      exception_id bigint REFERENCES exceptions(id) ON DELETE SET NULL,
      dedupe_key text NOT NULL UNIQUE,
      decided_by text,
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX ix_invoice_adjustments_invoice ON invoice_adjustments (invoice_id)`.execute(db);

  await sql`
    CREATE TABLE billing_reports (
      tenant text NOT NULL REFERENCES tenants(name),
      period text NOT NULL,
      report jsonb NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant, period)
    )`.execute(db);

  await sql`
    CREATE TABLE dlq (
      id bigserial PRIMARY KEY,
      tenant text,
      kind text NOT NULL,
      source text,
      dedupe_key text UNIQUE,
      payload jsonb NOT NULL,
      error text NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'REPLAYED', 'FAILED')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_attempt_at timestamptz,
      replayed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX ix_dlq_status ON dlq (status, next_attempt_at)`.execute(db);

  await sql`
    CREATE TABLE alerts (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      kind text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
      message text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      dedupe_key text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      acknowledged_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX ix_alerts_tenant_created ON alerts (tenant, created_at DESC)`.execute(db);

  // One row per flow run (exception-management patterns, orchestrator summaries, enrichment reports...).
  await sql`
    CREATE TABLE flow_runs (
      id bigserial PRIMARY KEY,
      tenant text NOT NULL,
      flow text NOT NULL,
      workflow_id text NOT NULL,
      run_id text NOT NULL,
      status text NOT NULL,
      result jsonb NOT NULL DEFAULT '{}'::jsonb,
      started_at timestamptz,
      finished_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT uq_flow_runs_run UNIQUE (workflow_id, run_id)
    )`.execute(db);
  await sql`CREATE INDEX ix_flow_runs_tenant_flow ON flow_runs (tenant, flow, finished_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'flow_runs',
    'alerts',
    'dlq',
    'billing_reports',
    'invoice_adjustments',
    'invoices',
    'invoice_number_sequences',
    'enrichment_state',
    'data_completeness_checks',
    'order_processing_stages',
    'resolution_attempts',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP VIEW IF EXISTS exception_records`.execute(db);
  for (const table of ['exceptions', 'orders', 'order_events', 'tenants']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
