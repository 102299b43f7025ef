import type { ActivityDeps } from '@e2a/activities';
import { testActivitiesSettings } from './settings';
import type { Db } from '@e2a/db';
import { Registry, createLogger } from '@e2a/telemetry';
import type { TestRedis } from './redis';

/** Settings as the worker's config defaults would produce them (AI in fallback: no key). */
export const orchTestSettings = testActivitiesSettings();

export function orchActivityDeps(db: Db, redis: TestRedis, now: () => Date = () => new Date()): ActivityDeps {
  return {
    db,
    redis,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: new Registry(),
    settings: orchTestSettings,
    now,
  };
}
