import type { ActivitiesSettings } from '@e2a/activities';
import { workerConfigSchema } from '@e2a/config';
import { activitiesSettingsFrom } from '@e2a/worker';

/**
 * Activity settings as the worker's own config defaults produce them (no AI key, so `fallback`), with the model
 * unreachable and no spacing between attempts; suites override what they exercise.
 */
export function testActivitiesSettings(overrides: Partial<ActivitiesSettings> = {}): ActivitiesSettings {
  return {
    ...activitiesSettingsFrom(workerConfigSchema.parse({})),
    aiProviderBaseUrl: 'http://127.0.0.1:9/v1',
    aiModel: 'test-model',
    resolutionRetryMinutes: 0,
    ...overrides,
  };
}
