import { applyRuleBasedClassification, findOrderPayload } from '@e2a/db';
import type { ActivityDeps } from '../deps';

/** What a stage reports when it returns; a stage that cannot do its work throws (the pipeline retries it). */
export interface StageOutcome {
  status: 'COMPLETED' | 'SKIPPED';
  note?: string;
}

/**
 * The stage work of the enrichment pipeline, injected into `createEnrichmentActivities`. The AI analyst plugs in
 * here (order analysis, exception classification, automated resolution). Contract (docs/enrichment.md):
 * - resolve `{status:'COMPLETED'}` when the stage did its work and wrote its results (ai_label/ai_confidence...),
 *   `{status:'SKIPPED'}` when the stage does not apply to the record; throw on any failure (timeout, HTTP error,
 *   schema-invalid answer, open breaker) so the pipeline schedules a retry.
 * - classification that leaves `ai_confidence` NULL (the rule-based fallback) is treated as FAILED by the pipeline.
 */
export interface EnrichmentStages {
  analyzeOrder(tenant: string, orderId: string): Promise<StageOutcome>;
  classifyException(tenant: string, exceptionId: string): Promise<StageOutcome>;
  automateException(tenant: string, exceptionId: string): Promise<StageOutcome>;
}

const FALLBACK_OPS_NOTE = 'Rule-based classification from the reason code; AI analysis pending.';

/**
 * The stages available on main without the AI analyst: order analysis is skipped when the order has no
 * payload to analyse, classification applies the rule-based fallback (label = reason code, confidence NULL, so the
 * record stays in the reprocessing backlog), automation is skipped (no resolution engine wired in).
 */
export function createRuleBasedEnrichmentStages(deps: Pick<ActivityDeps, 'db'>): EnrichmentStages {
  return {
    async analyzeOrder(tenant, orderId) {
      const orderData = await findOrderPayload(deps.db, tenant, orderId);
      if (!orderData) return { status: 'SKIPPED', note: 'no order payload to analyse' };
      // The rule-based problem checks ran when the order was ingested; AI order analysis is not wired in.
      return {
        status: 'SKIPPED',
        note: 'AI order analysis not configured; rule-based detection ran at ingest',
      };
    },
    async classifyException(tenant, exceptionId) {
      await applyRuleBasedClassification(deps.db, tenant, exceptionId, FALLBACK_OPS_NOTE);
      return { status: 'COMPLETED', note: 'rule-based fallback (ai_confidence stays NULL)' };
    },
    async automateException() {
      return { status: 'SKIPPED', note: 'automated resolution not configured' };
    },
  };
}
