import {
  REASON_CODES,
  SEVERITIES,
  analyzeExceptionPatterns,
  priorityScore,
  isReasonCode,
  playbookNeedsApproval,
  raiseSeverity,
  type ExceptionPatterns,
  type ReasonCode,
} from '@e2a/domain';
import {
  escalateDueExceptions,
  listActiveExceptionsCreatedSince,
  loadExceptionFacts,
  listExceptionsCreatedSince,
  setExceptionApprovalStatus,
} from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { loadPlaybooks, playbookContextOf } from '../resolution/playbook-context';
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
      const rows = await escalateDueExceptions(db, {
        tenant: input.tenant,
        onlyIds,
        reason,
        now,
        escalationHours: ESCALATION_HOURS,
        severitySteps: SEVERITY_STEPS,
      });
      let total = 0;
      const ids: string[] = [];
      for (const row of rows) {
        total += row.escalated;
        ids.push(...row.ids);
        escalations.inc({ tenant: input.tenant, reason_code: row.reason_code }, row.escalated);
      }
      return { escalated: total, exceptionIds: ids.slice(0, 100) };
    },

    /** Patterns over the window plus the top-N active exceptions by priority score. */
    async analyzePatterns(input: PatternInput): Promise<PatternResult> {
      const now = deps.now();
      const since = new Date(now.getTime() - input.analysisHours * 3_600_000);
      const rows = await listExceptionsCreatedSince(db, input.tenant, since);
      const active = await listActiveExceptionsCreatedSince(db, input.tenant, since);
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

    /** Marks an exception as waiting for (or decided by) a human. */
    async setApprovalStatus(input: {
      tenant: string;
      exceptionId: string;
      status: 'PENDING' | 'APPROVED' | 'REJECTED';
      blockReason?: string;
    }): Promise<void> {
      await setExceptionApprovalStatus(
        db,
        input.tenant,
        input.exceptionId,
        { status: input.status, ...(input.blockReason ? { blockReason: input.blockReason } : {}) },
        deps.now(),
      );
    },

    /** Reason code and state of one exception (the resolution workflow's first step). */
    async getExceptionForResolution(input: { tenant: string; exceptionId: string }): Promise<{
      reason_code: string;
      status: string;
      escalation_hours: number;
      /** The tenant's playbook wants a person's approval first (absent in histories recorded before playbooks). */
      needs_approval?: boolean;
    } | null> {
      const [facts] = await loadExceptionFacts(db, input.tenant, [input.exceptionId]);
      if (!facts) return null;
      const code: ReasonCode = isReasonCode(facts.reason_code) ? facts.reason_code : 'OTHER';
      const playbooks = await loadPlaybooks(db, input.tenant, deps.now());
      return {
        reason_code: facts.reason_code,
        status: facts.status,
        escalation_hours: REASON_CODES[code].escalationHours,
        needs_approval: playbookNeedsApproval(
          playbooks[code],
          playbookContextOf(facts, facts.resolution_attempts + 1),
        ),
      };
    },
  };
}
