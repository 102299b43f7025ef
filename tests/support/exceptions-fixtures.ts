import type { ActivityDeps, ActivitiesSettings, RedisClient } from '@e2a/activities';
import { createClient } from 'redis';
import { testActivitiesSettings } from './settings';
import { loadTestConfig } from '@e2a/config';
import type { Db } from '@e2a/db';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import type { Registry } from '@e2a/telemetry';

/** Activity settings for the exception suites; tests override what they exercise. */
export function exceptionSettings(overrides: Partial<ActivitiesSettings> = {}): ActivitiesSettings {
  return testActivitiesSettings({
    aiMode: 'smart',
    aiModel: 'scripted-model',
    aiApiKey: 'test-key',
    aiTimeoutSeconds: 0.5,
    aiBreakerFailureThreshold: 50,
    ...overrides,
  });
}

export function exceptionDeps(
  db: Db,
  redis: RedisClient,
  settings: ActivitiesSettings,
  now: () => Date = () => new Date(),
): ActivityDeps & { metrics: Registry } {
  return {
    db,
    redis,
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createMetricsRegistry('test'),
    settings,
    now,
  };
}

export interface SeedException {
  tenant: string;
  orderId: string;
  reasonCode: string;
  severity?: string;
  status?: string;
  context?: Record<string, unknown>;
  orderData?: Record<string, unknown> | null;
  createdAt?: Date;
  maxAttempts?: number;
  aiLabel?: string | null;
  aiConfidence?: number | null;
}

/** Inserts the order (with its Shopify-style data) and one exception; returns the exception id. */
export async function seedException(db: Db, seed: SeedException): Promise<string> {
  await db
    .insertInto('orders')
    .values({
      tenant: seed.tenant,
      order_id: seed.orderId,
      order_data: seed.orderData === null ? null : JSON.stringify(seed.orderData ?? {}),
      total_amount_cents: 4999,
      pick_completed_at: new Date('2026-11-28T10:00:00Z'),
      label_created_at: new Date('2026-11-28T12:00:00Z'),
    })
    .onConflict((oc) => oc.columns(['tenant', 'order_id']).doNothing())
    .execute();
  const row = await db
    .insertInto('exceptions')
    .values({
      tenant: seed.tenant,
      order_id: seed.orderId,
      reason_code: seed.reasonCode,
      severity: seed.severity ?? 'MEDIUM',
      status: seed.status ?? 'OPEN',
      context_data: JSON.stringify(
        seed.context ?? { window: 'pick', actual_minutes: 180, sla_minutes: 120, delay_minutes: 60 },
      ),
      max_resolution_attempts: seed.maxAttempts ?? 2,
      ai_label: seed.aiLabel ?? null,
      ai_confidence: seed.aiConfidence ?? null,
      ...(seed.createdAt ? { created_at: seed.createdAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const PII_ORDER = {
  id: 'shopify-1',
  customer: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', phone: '+1 415-555-0199' },
  shipping_address: {
    name: 'Jane Doe',
    address1: '742 Evergreen Terrace',
    city: 'Springfield',
    zip: '62074',
    country: 'US',
  },
  note: 'Call me at 415-555-0199 or jane.doe@example.com, card 4111 1111 1111 1111',
  financial_status: 'paid',
  line_items: [{ sku: 'SKU-1', quantity: 1 }],
};

export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values
    .filter((value) =>
      Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
    )
    .reduce((sum, value) => sum + value.value, 0);
}

/**
 * A Redis client on its own logical database: the `ai_service` breaker is one key per Redis database by design
 * (every process agrees), so suites that open it on purpose keep it away from suites that need it closed.
 */
export async function createIsolatedRedis(database: number): Promise<RedisClient> {
  const base = loadTestConfig().REDIS_URL.replace(/\/\d*$/, '');
  const client = createClient({ url: `${base}/${database}` });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
