import {
  REASON_CODES,
  SEVERITIES,
  analyzeExceptionPatterns,
  priorityScore,
  raiseSeverity,
  type ExceptionPatterns,
} from '@e2a/domain';
import { sql } from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { counter } from '../shared/metrics';

export interface EscalateInput {
  tenant: string;
  /** Only these exceptions (approval timeout); otherwise every overdue active exception of the tenant. */
  exceptionIds?: string[];
  reason?: string;
}

export interface EscalateResult {
  escalated: number;
  exceptionIds: string[];
}

export interface PatternInput {
  tenant: string;
  analysisHours: number;
  topN?: number;
}

export interface PrioritisedException {
  id: string;
  order_id: string;
  reason_code: string;
  severity: string;
  score: number;
}

export interface PatternResult {
  patterns: ExceptionPatterns;
  priorities: PrioritisedException[];
}

export interface FlowRunRecord {
  tenant: string;
  flow: string;
  workflowId: string;
  runId: string;
  status: string;
  startedAt: string;
  result: Record<string, unknown>;
}

const ESCALATION_HOURS = Object.entries(REASON_CODES).map(([code, spec]) => ({
  code,
  hours: spec.escalationHours,
}));
const SEVERITY_STEPS = SEVERITIES.map((severity) => ({ from: severity, to: raiseSeverity(severity) }));

export function createExceptionManagementActivities(deps: ActivityDeps) {
  const { db } = deps;
  const escalations = counter(deps.metrics, 'exceptions_escalated_total', 'Escalated exceptions', [
    'tenant',
    'reason_code',
  ]);

  return {
    /**
     * Unresolved exceptions past their code's escalation hours: escalated_at set, severity raised one
     * level, a deduplicated alert row and a metric. Each exception escalates once.
     */
    async escalateOverdueExceptions(input: EscalateInput): Promise<EscalateResult> {
      const now = deps.now();
      const onlyIds = input.exceptionIds ?? null;
      const reason = input.reason ?? 'unresolved past its escalation time';
      // One statement: escalate, alert (deduplicated) and report counts per reason code, however many rows.
      const rows = await sql<{ reason_code: string; escalated: string; ids: string[] }>`
        WITH hours AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(ESCALATION_HOURS)}::jsonb) AS h(code text, hours double precision)
        ), steps AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(SEVERITY_STEPS)}::jsonb) AS s("from" text, "to" text)
        ), due AS (
          SELECT e.id, e.severity AS previous FROM exceptions e
          JOIN hours h ON h.code = e.reason_code
          WHERE e.tenant = ${input.tenant}
            AND e.status IN ('OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS')
            AND e.escalated_at IS NULL
            AND (${onlyIds}::bigint[] IS NOT NULL OR e.created_at + h.hours * interval '1 hour' <= ${now})
            AND (${onlyIds}::bigint[] IS NULL OR e.id = ANY(${onlyIds}::bigint[]))
          FOR UPDATE OF e SKIP LOCKED
        ), escalated AS (
          UPDATE exceptions e SET
            escalated_at = ${now},
            escalation_level = e.escalation_level + 1,
            severity = COALESCE((SELECT "to" FROM steps WHERE "from" = e.severity), e.severity),
            updated_at = ${now}
          FROM due WHERE e.id = due.id
          RETURNING e.id, e.tenant, e.order_id, e.reason_code, e.severity, due.previous
        ), alerted AS (
          INSERT INTO alerts (tenant, kind, severity, message, data, dedupe_key)
          SELECT tenant, 'exception_escalated',
            CASE WHEN severity = 'CRITICAL' THEN 'CRITICAL' ELSE 'WARNING' END,
            'Exception ' || id || ' (' || reason_code || ') on order ' || order_id || ' escalated: ' || ${reason}::text
              || '; severity ' || previous || ' → ' || severity,
            jsonb_build_object('exception_id', id, 'reason_code', reason_code, 'from', previous, 'to', severity),
            'exception_escalated:' || id
          FROM escalated
          ON CONFLICT (dedupe_key) DO NOTHING
        )
        SELECT reason_code, count(*) AS escalated, (array_agg(id::text ORDER BY id))[1:100] AS ids
        FROM escalated GROUP BY reason_code`.execute(db);
      let total = 0;
      const ids: string[] = [];
      for (const row of rows.rows) {
        total += Number(row.escalated);
        ids.push(...row.ids);
        escalations.inc({ tenant: input.tenant, reason_code: row.reason_code }, Number(row.escalated));
      }
      return { escalated: total, exceptionIds: ids.slice(0, 100) };
    },

    /** Patterns over the window plus the top-N active exceptions by priority score. */
    async analyzePatterns(input: PatternInput): Promise<PatternResult> {
      const now = deps.now();
      const since = new Date(now.getTime() - input.analysisHours * 3_600_000);
      const rows = await db
        .selectFrom('exceptions')
        .select(['reason_code', 'severity', 'status', 'created_at', 'resolved_at', 'resolution_blocked'])
        .where('tenant', '=', input.tenant)
        .where('created_at', '>=', since)
        .execute();
      const active = await db
        .selectFrom('exceptions')
        .select([
          'id',
          'order_id',
          'reason_code',
          'severity',
          'created_at',
          'escalated_at',
          'resolution_attempts',
        ])
        .where('tenant', '=', input.tenant)
        .where('status', 'in', ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'])
        .where('created_at', '>=', since)
        .execute();
      const priorities = active
        .map((row) => ({
          id: row.id,
          order_id: row.order_id,
          reason_code: row.reason_code,
          severity: row.severity,
          score: priorityScore(row, now),
        }))
        .sort((a, b) => b.score - a.score || Number(a.id) - Number(b.id))
        .slice(0, input.topN ?? 20);
      return { patterns: analyzeExceptionPatterns(rows), priorities };
    },

    /** Stores one row per flow run (idempotent on workflow and run id). */
    async recordFlowRun(record: FlowRunRecord): Promise<void> {
      await db
        .insertInto('flow_runs')
        .values({
          tenant: record.tenant,
          flow: record.flow,
          workflow_id: record.workflowId,
          run_id: record.runId,
          status: record.status,
          result: JSON.stringify(record.result),
          started_at: record.startedAt,
          finished_at: deps.now(),
        })
        .onConflict((oc) =>
          oc.columns(['workflow_id', 'run_id']).doUpdateSet({
            status: record.status,
            result: JSON.stringify(record.result),
            finished_at: deps.now(),
          }),
        )
        .execute();
    },

    /** Marks an exception as waiting for (or decided by) a human. */
    async setApprovalStatus(input: {
      tenant: string;
      exceptionId: string;
      status: 'PENDING' | 'APPROVED' | 'REJECTED';
      blockReason?: string;
    }): Promise<void> {
      await db
        .updateTable('exceptions')
        .set({
          approval_status: input.status,
          updated_at: deps.now(),
          ...(input.blockReason
            ? { resolution_blocked: true, resolution_block_reason: input.blockReason }
            : {}),
        })
        .where('tenant', '=', input.tenant)
        .where('id', '=', input.exceptionId)
        .execute();
    },

    /** Reason code and state of one exception (the resolution workflow's first step). */
    async getExceptionForResolution(input: {
      tenant: string;
      exceptionId: string;
    }): Promise<{ reason_code: string; status: string; escalation_hours: number } | null> {
      const row = await db
        .selectFrom('exceptions')
        .select(['reason_code', 'status'])
        .where('tenant', '=', input.tenant)
        .where('id', '=', input.exceptionId)
        .executeTakeFirst();
      if (!row) return null;
      const spec = REASON_CODES[row.reason_code as keyof typeof REASON_CODES] ?? REASON_CODES.OTHER;
      return { ...row, escalation_hours: spec.escalationHours };
    },
  };
}
