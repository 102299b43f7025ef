import { Registry } from 'prom-client';
import type { ActivityDeps, ActivitiesSettings } from '@e2a/activities';
import { insertOrderEvents, notifyOrdersChanged, type ChangeFeed, type Db } from '@e2a/db';
import { eventSchemaFor, normalizeEvent, type EventSource } from '@e2a/domain';
import { createLogger } from '@e2a/telemetry';
import type { TestRedis } from './redis';
import { waitForValue } from './e2e';
import { testActivitiesSettings } from './settings';

export const testSettings = (overrides: Partial<ActivitiesSettings> = {}): ActivitiesSettings =>
  testActivitiesSettings({
    aiTimeoutSeconds: 1,
    aiRetryMaxAttempts: 1,
    aiMaxDailyTokens: 1000,
    maxResolutionAttempts: 3,
    evaluationChunkSize: 500,
    partnerApiTimeoutSeconds: 1,
    ...overrides,
  });

export function testActivityDeps(
  db: Db,
  redis: TestRedis,
  options: {
    now?: () => Date;
    settings?: Partial<ActivitiesSettings>;
    metrics?: Registry;
    /** The NOTIFY feed the shard monitors wait on; without it their waits poll every 2 s. */
    changes?: ChangeFeed;
  } = {},
): ActivityDeps {
  return {
    ...(options.changes ? { changes: options.changes } : {}),
    db,
    redis,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: options.metrics ?? new Registry(),
    settings: testSettings(options.settings),
    now: options.now ?? (() => new Date()),
  };
}

let sequence = 0;

type EventBody = {
  event_type: string;
  order_id: string;
  occurred_at: Date | string;
  event_id?: string;
} & Record<string, unknown>;

/** Several events in one delivery (one insertOrderEvents call), as a replayed batch arrives. */
export async function ingestBatch(
  db: Db,
  tenant: string,
  events: Array<{ source: EventSource; body: EventBody }>,
): Promise<void> {
  const normalized = events.map(({ source, body }) => {
    sequence += 1;
    const raw = {
      ...body,
      event_id: body.event_id ?? `${body.order_id}-${body.event_type}-${sequence}`,
      occurred_at: body.occurred_at instanceof Date ? body.occurred_at.toISOString() : body.occurred_at,
    };
    return normalizeEvent(source, eventSchemaFor(source).parse(raw));
  });
  await insertOrderEvents(db, tenant, normalized);
  // As the gateway does after its commit: the shard monitors wake on it.
  await notifyOrdersChanged(db, [tenant]);
}

/** Stores events through the real ingest path: schema parse, normalise, insertOrderEvents. */
export async function ingest(
  db: Db,
  tenant: string,
  source: EventSource,
  body: { event_type: string; order_id: string; occurred_at: Date | string; event_id?: string } & Record<
    string,
    unknown
  >,
): Promise<void> {
  sequence += 1;
  const raw = {
    ...body,
    event_id: body.event_id ?? `${body.order_id}-${body.event_type}-${sequence}`,
    occurred_at: body.occurred_at instanceof Date ? body.occurred_at.toISOString() : body.occurred_at,
  };
  await insertOrderEvents(db, tenant, [normalizeEvent(source, eventSchemaFor(source).parse(raw))]);
  await notifyOrdersChanged(db, [tenant]);
}

export const minutesAfter = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

/** Waits until `probe` returns a value (polling), or fails after `timeoutMs`. */
export const eventually = <T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> => waitForValue(probe, timeoutMs, 'condition', everyMs);
