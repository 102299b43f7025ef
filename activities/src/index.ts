import type { ActivityDeps } from './deps';
import { createExceptionAnalystActivities } from './ai-analyst/exception-analyst.activities';
import { createOrderAnalysisActivities } from './ai-analyst/order-analysis.activities';
import { createExceptionManagementActivities } from './exception-management/exception-management.activities';
import { createResolutionActivities } from './resolution/resolution.activities';

export type { ActivityDeps, ActivitiesSettings, RedisClient } from './deps';
export * from './ai-analyst/circuit-breaker';

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createExceptionAnalystActivities(deps),
    ...createOrderAnalysisActivities(deps),
    ...createResolutionActivities(deps),
    ...createExceptionManagementActivities(deps),
  };
}

/** What workflows proxy: `proxyActivities<Activities>()`, imported as a type only. */
export type Activities = ReturnType<typeof createActivities>;
export { eligibleExceptionsQuery } from './resolution/resolution.activities';
