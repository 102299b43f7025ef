import type { ActivityDeps } from './deps';

export type { ActivityDeps, ActivitiesSettings, RedisClient } from './deps';

/** Every activity the worker registers, built from one set of dependencies. */
export function createActivities(deps: ActivityDeps) {
  void deps;
  return {};
}

/** What workflows proxy: `proxyActivities<Activities>()`, imported as a type only. */
export type Activities = ReturnType<typeof createActivities>;
