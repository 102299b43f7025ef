import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql, type Database } from '@e2a/db';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';

// Every column of every table in the kysely `Database` interface: a missing or extra key fails to compile,
// and the test below fails when the migrated schema drifts from it.
type ColumnMap = { [Table in keyof Database]: { [Column in keyof Database[Table]]-?: true } };
const all = <T extends Record<string, true>>(columns: T) => Object.keys(columns);

const exceptionColumns = {
  id: true,
  tenant: true,
  order_id: true,
  reason_code: true,
  status: true,
  severity: true,
  priority: true,
  ai_label: true,
  ai_confidence: true,
  ops_note: true,
  client_note: true,
  context_data: true,
  correlation_id: true,
  resolution_attempts: true,
  max_resolution_attempts: true,
  last_resolution_attempt_at: true,
  resolution_blocked: true,
  resolution_block_reason: true,
  enrichment_retry_count: true,
  escalated_at: true,
  escalation_level: true,
  approval_status: true,
  created_at: true,
  updated_at: true,
  resolved_at: true,
} as const;

const COLUMNS: ColumnMap = {
  tenants: {
    name: true,
    display_name: true,
    timezone: true,
    sla_policy: true,
    tariffs: true,
    credit_rules: true,
    partner_endpoints: true,
    webhook_secret: true,
    previous_webhook_secret: true,
    previous_webhook_secret_expires_at: true,
    maintenance_window: true,
    disabled_at: true,
    created_at: true,
    updated_at: true,
  },
  tenant_api_keys: { tenant: true, prefix: true, key_hash: true, created_at: true },
  tenant_settings_versions: {
    tenant: true,
    setting: true,
    version: true,
    effective_from: true,
    value: true,
    created_at: true,
    created_by: true,
  },
  tenant_playbooks: {
    tenant: true,
    version: true,
    effective_from: true,
    playbooks: true,
    created_at: true,
    created_by: true,
  },
  order_events: {
    id: true,
    tenant: true,
    source: true,
    event_id: true,
    event_type: true,
    order_id: true,
    occurred_at: true,
    received_at: true,
    correlation_id: true,
    payload: true,
    extras: true,
  },
  orders: {
    tenant: true,
    order_id: true,
    created_at: true,
    updated_at: true,
    order_created_at: true,
    paid_at: true,
    pick_started_at: true,
    pick_completed_at: true,
    pack_started_at: true,
    pack_completed_at: true,
    label_created_at: true,
    handoff_at: true,
    delivered_at: true,
    fulfilled_at: true,
    cancelled_at: true,
    returned_at: true,
    first_event_at: true,
    last_event_at: true,
    event_count: true,
    service_level: true,
    is_rush: true,
    is_oversized: true,
    is_hazmat: true,
    is_fragile: true,
    currency: true,
    total_amount_cents: true,
    order_data: true,
    needs_evaluation: true,
    evaluated_at: true,
    next_deadline_at: true,
    ai_analyzed_at: true,
    traceparent: true,
  },
  exceptions: exceptionColumns,
  exception_records: exceptionColumns,
  resolution_attempts: {
    id: true,
    tenant: true,
    exception_id: true,
    attempt_number: true,
    idempotency_key: true,
    workflow_id: true,
    run_id: true,
    status: true,
    analysis: true,
    actions: true,
    outcome: true,
    error: true,
    started_at: true,
    finished_at: true,
    decision_source: true,
    evidence: true,
  },
  order_processing_stages: {
    id: true,
    tenant: true,
    order_id: true,
    stage_name: true,
    status: true,
    depends_on: true,
    started_at: true,
    completed_at: true,
    retry_count: true,
    error_message: true,
    stage_data: true,
    created_at: true,
    updated_at: true,
  },
  data_completeness_checks: {
    id: true,
    tenant: true,
    order_id: true,
    check_name: true,
    passed: true,
    details: true,
    checked_at: true,
  },
  enrichment_state: {
    id: true,
    tenant: true,
    record_type: true,
    record_id: true,
    order_analysis: true,
    classification: true,
    automation: true,
    retry_count: true,
    next_retry_at: true,
    last_attempt_at: true,
    last_errors: true,
    needs_manual_review: true,
    processing_ms: true,
    last_attempt_key: true,
    created_at: true,
    updated_at: true,
  },
  invoice_number_sequences: { tenant: true, period: true, last_value: true },
  invoices: {
    id: true,
    tenant: true,
    kind: true,
    order_id: true,
    invoice_number: true,
    status: true,
    amount_cents: true,
    currency: true,
    line_items: true,
    billable_operations: true,
    tariff_snapshot: true,
    volume_tier_percent: true,
    billing_period: true,
    invoice_date: true,
    due_date: true,
    finalized_at: true,
    sent_at: true,
    paid_at: true,
    voided_at: true,
    created_at: true,
    updated_at: true,
  },
  invoice_adjustments: {
    id: true,
    tenant: true,
    invoice_id: true,
    reason: true,
    delta_cents: true,
    rationale: true,
    status: true,
    priority: true,
    exception_id: true,
    dedupe_key: true,
    decided_by: true,
    decided_at: true,
    created_at: true,
    updated_at: true,
  },
  billing_reports: { tenant: true, period: true, report: true, generated_at: true },
  dlq: {
    id: true,
    tenant: true,
    kind: true,
    source: true,
    dedupe_key: true,
    payload: true,
    error: true,
    status: true,
    attempts: true,
    next_attempt_at: true,
    last_attempt_at: true,
    replayed_at: true,
    created_at: true,
  },
  alerts: {
    id: true,
    tenant: true,
    kind: true,
    severity: true,
    message: true,
    data: true,
    dedupe_key: true,
    created_at: true,
    acknowledged_at: true,
  },
  quarantined_records: {
    id: true,
    tenant: true,
    kind: true,
    record_key: true,
    error_class: true,
    error_message: true,
    attempts: true,
    workflow_id: true,
    run_id: true,
    activity_type: true,
    status: true,
    first_seen_at: true,
    last_seen_at: true,
    closed_at: true,
  },
  flow_runs: {
    id: true,
    tenant: true,
    flow: true,
    workflow_id: true,
    run_id: true,
    status: true,
    result: true,
    started_at: true,
    finished_at: true,
  },
  notification_endpoints: {
    tenant: true,
    url: true,
    secret: true,
    events: true,
    min_severity: true,
    format: true,
    created_at: true,
    updated_at: true,
  },
  notification_deliveries: {
    id: true,
    tenant: true,
    event_type: true,
    exception_id: true,
    payload: true,
    status: true,
    attempts: true,
    last_error: true,
    last_status_code: true,
    url: true,
    created_at: true,
    dispatched_at: true,
    last_attempt_at: true,
    delivered_at: true,
    updated_at: true,
  },
};

const OPERATOR_SQL = readFileSync(path.join(__dirname, '../../../docs/operator-queries.sql'), 'utf8');
const statements = OPERATOR_SQL.split(/;\s*(?:--[^\n]*)?\n/)
  .map((statement) => statement.replace(/^\s*--[^\n]*\n/gm, '').trim())
  .filter(Boolean);
const statement = (startsWith: RegExp) => {
  const found = statements.find((s) => startsWith.test(s));
  if (!found) throw new Error(`operator query ${startsWith} missing from docs/operator-queries.sql`);
  return found;
};

describe('schema', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('foundation_schema');
  });
  afterAll(async () => testDb.destroy());

  it.each(Object.entries(COLUMNS))(
    '%s has exactly the columns of the Database interface',
    async (table, columns) => {
      const rows = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table}`.execute(testDb.db);
      expect(rows.rows.map((r) => r.column_name).sort()).toEqual(all(columns).sort());
      // And kysely can select every one of them.
      await testDb.db
        .selectFrom(table as keyof Database)
        .select(all(columns) as never[])
        .limit(1)
        .execute();
    },
  );

  it('enforces the constraints operators and flows rely on', async () => {
    const indexes = await sql<{ indexname: string; indexdef: string }>`
      SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`.execute(testDb.db);
    const byName = new Map(indexes.rows.map((row) => [row.indexname, row.indexdef]));
    expect(byName.get('ix_exceptions_resolution_eligible')).toMatch(
      /\(tenant, status, resolution_attempts, resolution_blocked\)/,
    );
    expect(byName.get('uq_exceptions_one_active')).toMatch(/UNIQUE.*\(tenant, order_id, reason_code\) WHERE/);
    expect(byName.get('uq_order_events_tenant_source_event')).toMatch(/\(tenant, source, event_id\)/);
    expect(byName.get('uq_invoices_tenant_order')).toMatch(/\(tenant, order_id\)/);
    expect(byName.get('uq_invoices_minimum_fee')).toMatch(
      /UNIQUE.*\(tenant, billing_period\) WHERE \(kind = 'MINIMUM_MONTHLY_FEE'/,
    );

    await createTestTenant(testDb.db, 'schema-tenant');
    const active = {
      tenant: 'schema-tenant',
      order_id: 'o-1',
      reason_code: 'PICK_DELAY',
      severity: 'MEDIUM',
    };
    await testDb.db.insertInto('exceptions').values(active).execute();
    await expect(testDb.db.insertInto('exceptions').values(active).execute()).rejects.toThrow(
      /uq_exceptions_one_active/,
    );
    // A resolved one does not block a new active one.
    await testDb.db
      .updateTable('exceptions')
      .set({ status: 'RESOLVED' })
      .where('order_id', '=', 'o-1')
      .execute();
    await testDb.db.insertInto('exceptions').values(active).execute();
    await expect(
      testDb.db
        .insertInto('exceptions')
        .values({ ...active, tenant: 'no-such-tenant' })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });

  describe("the knowledge base's operator SQL, verbatim", () => {
    const TENANT = 'ops-tenant';
    beforeAll(async () => {
      await testDb.db.deleteFrom('exceptions').execute();
      await createTestTenant(testDb.db, TENANT);
      const old = sql<Date>`now() - interval '3 days'`;
      await testDb.db
        .insertInto('exceptions')
        .values([
          // eligible, never analysed
          {
            tenant: TENANT,
            order_id: 'a',
            reason_code: 'PICK_DELAY',
            severity: 'MEDIUM',
            created_at: old,
            updated_at: old,
          },
          // eligible, one attempt, high confidence
          {
            tenant: TENANT,
            order_id: 'b',
            reason_code: 'ADDRESS_INVALID',
            severity: 'MEDIUM',
            resolution_attempts: 1,
            ai_label: 'ADDRESS_INVALID',
            ai_confidence: 0.9,
          },
          // blocked at the maximum
          {
            tenant: TENANT,
            order_id: 'c',
            reason_code: 'PAYMENT_FAILED',
            severity: 'HIGH',
            resolution_attempts: 2,
            resolution_blocked: true,
            resolution_block_reason: 'Maximum resolution attempts (2) reached',
            ai_label: 'PAYMENT_FAILED',
            ai_confidence: 0.8,
          },
          // blocked for low confidence, stale low-confidence label
          {
            tenant: TENANT,
            order_id: 'd',
            reason_code: 'OTHER',
            severity: 'MEDIUM',
            resolution_blocked: true,
            resolution_block_reason: 'AI confidence too low (0.15) - manual review required',
            ai_label: 'OTHER',
            ai_confidence: 0.15,
            updated_at: old,
            enrichment_retry_count: 5,
          },
          // resolved: not eligible
          {
            tenant: TENANT,
            order_id: 'e',
            reason_code: 'PICK_DELAY',
            severity: 'MEDIUM',
            status: 'RESOLVED',
            ai_label: 'PICK_DELAY',
            ai_confidence: 0.5,
          },
        ])
        .execute();
    });

    it('resolution statistics', async () => {
      const result = await sql
        .raw<{ resolution_attempts: number; count: string }>(statement(/^SELECT\s+resolution_attempts/))
        .execute(testDb.db);
      const counts = Object.fromEntries(result.rows.map((r) => [r.resolution_attempts, Number(r.count)]));
      expect(counts).toEqual({ 0: 3, 1: 1, 2: 1 });
    });

    it('blocked exceptions', async () => {
      const result = await sql
        .raw<{ order_id: string; resolution_block_reason: string }>(statement(/^SELECT\s+id, order_id/))
        .execute(testDb.db);
      expect(result.rows.map((r) => r.order_id).sort()).toEqual(['c', 'd']);
      expect(result.rows.find((r) => r.order_id === 'c')?.resolution_block_reason).toBe(
        'Maximum resolution attempts (2) reached',
      );
    });

    it('eligible count', async () => {
      const result = await sql
        .raw<{ eligible_count: string }>(statement(/^SELECT COUNT\(\*\) as eligible_count/))
        .execute(testDb.db);
      expect(Number(result.rows[0]?.eligible_count)).toBe(2);
    });

    it('the reset UPDATE, inside a rolled-back transaction', async () => {
      const client = await testDb.pool.connect();
      try {
        await client.query('BEGIN');
        const reset = await client.query(statement(/^UPDATE exceptions/));
        expect(reset.rowCount).toBe(2);
        const after = await client.query(
          'SELECT count(*)::int AS n FROM exceptions WHERE resolution_blocked',
        );
        expect(after.rows[0].n).toBe(0);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      const blocked = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM exceptions WHERE resolution_blocked`.execute(testDb.db);
      expect(blocked.rows[0]?.n).toBe(2);
    });

    it('integrity checks and the reprocessing query on exception_records', async () => {
      const stuck = await sql
        .raw<{ count: string }>(
          statement(/^SELECT COUNT\(\*\) FROM exception_records\s+WHERE ai_confidence IS NULL/),
        )
        .execute(testDb.db);
      expect(Number(stuck.rows[0]?.count)).toBe(1);
      const highConfidence = await sql
        .raw<{ high_confidence_rate: string }>(statement(/high_confidence_rate/))
        .execute(testDb.db);
      expect(Number(highConfidence.rows[0]?.high_confidence_rate)).toBeCloseTo(50, 5);
      const overRetried = await sql
        .raw<{ count: string }>(statement(/enrichment_retry_count > 5/))
        .execute(testDb.db);
      expect(Number(overRetried.rows[0]?.count)).toBe(0);
      const reprocess = await sql
        .raw<{ order_id: string }>(statement(/^SELECT \* FROM exception_records/))
        .execute(testDb.db);
      expect(reprocess.rows.map((r) => r.order_id).sort()).toEqual(['a', 'd']);
    });
  });
});
