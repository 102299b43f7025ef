import type { ActivityDeps } from './deps';
import { createDlqActivities } from './dlq/dlq.activities';
import { activityReplayHandlers, type ActivityReplayHandlers } from './dlq/dlq-replay';

export type { ActivityDeps, ActivitiesSettings, RedisClient } from './deps';

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDlqActivities(deps, (): ActivityReplayHandlers =>
      activityReplayHandlers(createActivities(deps)),
    ),
  };
}

/** What workflows proxy: `proxyActivities<Activities>()`, imported as a type only. */
export type Activities = ReturnType<typeof createActivities>;
export * from './dlq/dlq-replay';
export * from './dlq/dlq.activities';
