import type { ActivityDeps } from './deps';
import { createEnrichmentActivities } from './enrichment/enrichment.activities';
import { createOrchestratorActivities } from './orchestrator/orchestrator.activities';

export type { ActivityDeps, ActivitiesSettings, RedisClient } from './deps';

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createEnrichmentActivities(deps),
    ...createOrchestratorActivities(deps),
  };
}

/** What workflows proxy: `proxyActivities<Activities>()`, imported as a type only. */
export type Activities = ReturnType<typeof createActivities>;
export * from './enrichment/enrichment.activities';
export * from './enrichment/enrichment-stages';
export * from './orchestrator/orchestrator.activities';
