import { loadTestConfig } from '@e2a/config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, upsertTenant, type Db } from '@e2a/db';
import type { Pool } from 'pg';

const testConfig = loadTestConfig();

export interface TestDatabase {
  db: Db;
  pool: Pool;
  url: string;
  destroy: () => Promise<void>;
}

/** A freshly migrated database of its own for one suite: `<TEST_DATABASE_PREFIX>_<suite>`. */
export async function createTestDatabase(
  suite: string,
  options: { poolSize?: number } = {},
): Promise<TestDatabase> {
  const name = `${testConfig.TEST_DATABASE_PREFIX}_${suite.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  const url = new URL(testConfig.TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${name}`;
  await dropDatabase(url.toString());
  await ensureDatabase(url.toString());
  const { db, pool } = createDb(url.toString(), { max: options.poolSize ?? 10 });
  await migrateToLatest(db);
  return {
    db,
    pool,
    url: url.toString(),
    destroy: async () => {
      await db.destroy();
    },
  };
}

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret';
export const TEST_API_KEY = 'test-api-key';

export async function createTestTenant(
  db: Db,
  name: string,
  overrides: { timezone?: string; partnerEndpoints?: Record<string, string> } = {},
): Promise<{ name: string; webhookSecret: string; apiKey: string }> {
  await upsertTenant(db, { name, webhookSecret: TEST_WEBHOOK_SECRET, apiKey: TEST_API_KEY, ...overrides });
  return { name, webhookSecret: TEST_WEBHOOK_SECRET, apiKey: TEST_API_KEY };
}
