import { findExceptionResolutionState } from '@e2a/db';
import { automationStageDecision } from '@e2a/domain';
import { createExceptionAnalystActivities } from '../ai-analyst/exception-analyst.activities';
import { createOrderAnalysisActivities } from '../ai-analyst/order-analysis.activities';
import type { ActivityDeps } from '../deps';
import type { EnrichmentStages } from './enrichment-stages';

/**
 * The enrichment stages backed by the AI analyst (docs/enrichment.md): order analysis → classification →
 * automation. A model that is configured but unavailable is a failure (the pipeline retries it); with no model
 * (fallback or disabled mode) order analysis is skipped and classification writes the rule-based notes, which
 * leave `ai_confidence` NULL so the record stays in the reprocessing backlog as the knowledge base prescribes.
 */
export function createAiEnrichmentStages(deps: ActivityDeps): EnrichmentStages {
  const orderAnalysis = createOrderAnalysisActivities(deps);
  const exceptionAnalyst = createExceptionAnalystActivities(deps);
  const isAiOn = deps.settings.aiMode === 'smart' || deps.settings.aiMode === 'full';

  return {
    async analyzeOrder(tenant, orderId) {
      if (!isAiOn) return { status: 'SKIPPED', note: `AI order analysis off (mode ${deps.settings.aiMode})` };
      const [outcome] = await orderAnalysis.analyzeOrdersWithAi({ tenant, orderIds: [orderId] });
      if (!outcome || outcome.outcome === 'no_order_data')
        return { status: 'SKIPPED', note: 'no order payload' };
      if (outcome.outcome === 'unavailable') throw new Error('AI order analysis unavailable');
      return { status: 'COMPLETED', note: `${outcome.outcome} (confidence ${outcome.confidence ?? 'n/a'})` };
    },

    async classifyException(tenant, exceptionId) {
      const result = await exceptionAnalyst.analyzeExceptions({ tenant, exceptionIds: [exceptionId] });
      if (result.analyzed === 0) return { status: 'SKIPPED', note: 'exception not found for this tenant' };
      return { status: 'COMPLETED', note: result.ai > 0 ? 'AI classification' : 'rule-based fallback' };
    },

    async automateException(tenant, exceptionId) {
      const exception = await findExceptionResolutionState(deps.db, tenant, exceptionId);
      if (!exception) return { status: 'SKIPPED', note: 'exception not found for this tenant' };
      const decision = automationStageDecision({
        reasonCode: exception.reason_code,
        status: exception.status,
        resolutionAttempts: exception.resolution_attempts,
        isResolutionBlocked: exception.resolution_blocked,
      });
      if (decision.kind === 'not_auto_resolvable')
        return { status: 'SKIPPED', note: `${exception.reason_code} is not auto-resolvable` };
      // Attempts are made (and counted) by the exception-management flow; this stage records that a decision exists.
      if (decision.kind === 'decided') {
        return { status: 'COMPLETED', note: `resolution decided (${decision.attempts} attempt(s))` };
      }
      throw new Error('awaiting its first automated resolution attempt by exception management');
    },
  };
}
