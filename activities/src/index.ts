import type { ActivityDeps } from './deps';
import { createSlaActivities } from './sla/sla.activities';
import { createRealtimeShardActivities } from './sla/realtime-shard.activities';
import { createInvoicingActivities } from './invoicing';
import { createDlqActivities } from './dlq/dlq.activities';
import { activityReplayHandlers, type ActivityReplayHandlers } from './dlq/dlq-replay';
import { createEnrichmentActivities } from './enrichment/enrichment.activities';
import { createAiEnrichmentStages } from './enrichment/ai-enrichment-stages';
import { createOrchestratorActivities } from './orchestrator/orchestrator.activities';

import { createExceptionAnalystActivities } from './ai-analyst/exception-analyst.activities';
import { createOrderAnalysisActivities } from './ai-analyst/order-analysis.activities';
import { createExceptionManagementActivities } from './exception-management/exception-management.activities';
import { createResolutionActivities } from './resolution/resolution.activities';
import { createNotificationActivities } from './notifications/notifications.activities';
import { createFlowRunActivities } from './shared/flow-runs.activities';

export type { ActivityDeps, ActivitiesSettings, RedisClient } from './deps';
export * from './invoicing';

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSlaActivities(deps),
    ...createRealtimeShardActivities(deps),
    ...createInvoicingActivities(deps),
    ...createDlqActivities(deps, (): ActivityReplayHandlers =>
      activityReplayHandlers(createActivities(deps)),
    ),
    ...createEnrichmentActivities(deps, createAiEnrichmentStages(deps)),
    ...createOrchestratorActivities(deps),
    ...createExceptionAnalystActivities(deps),
    ...createOrderAnalysisActivities(deps),
    ...createResolutionActivities(deps),
    ...createExceptionManagementActivities(deps),
    ...createNotificationActivities(deps),
    ...createFlowRunActivities(deps),
  };
}

/** What workflows proxy: `proxyActivities<Activities>()`, imported as a type only. */
export type Activities = ReturnType<typeof createActivities>;

export type {
  EvaluateDueOrdersInput,
  EvaluationChunkResult,
  ScheduledPassChunkInput,
  ScheduledPassChunkResult,
} from './sla/sla.activities';
export { createSlaActivities, type SlaActivities } from './sla/sla.activities';
export * from './sla/realtime-shard.activities';
export * from './dlq/dlq-replay';
export * from './dlq/dlq.activities';
export * from './enrichment/enrichment.activities';
export * from './enrichment/enrichment-stages';
export * from './orchestrator/orchestrator.activities';
export * from './shared/flow-runs.activities';
export * from './tenants/tenant-provisioning.activities';
export * from './shared/quarantine';
export * from './notifications/notifications.activities';
