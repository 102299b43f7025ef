import { loadTestConfig } from '@e2a/config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, sql, type Db } from '@e2a/db';
import { migrations } from '@e2a/infra';
import { Migrator } from 'kysely/migration';

// Branches land migrations in parallel, so a database can have run a later-named migration before an earlier-named
// one reaches it. The next migration run must apply the newcomer, not refuse the whole set.
describe('migrations landed out of order', () => {
  const config = loadTestConfig();
  const url = new URL(config.TEST_DATABASE_ADMIN_URL);
  url.pathname = `/${config.TEST_DATABASE_PREFIX}_migrations_unordered`;
  let db: Db;

  beforeAll(async () => {
    await dropDatabase(url.toString());
    await ensureDatabase(url.toString());
    db = createDb(url.toString(), { max: 2 }).db;
  });
  afterAll(async () => db.destroy());

  it('applies a migration named before ones the database already ran', async () => {
    const names = Object.keys(migrations).sort();
    const late = names[names.length - 2]!;
    const { [late]: _held, ...withoutLate } = migrations;
    const partial = await new Migrator({
      db,
      provider: { getMigrations: async () => withoutLate },
    }).migrateToLatest();
    expect(partial.error).toBeUndefined();

    const result = await migrateToLatest(db);

    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[late, 'Success']]);
    const ran = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(ran.rows.map((r) => r.name)).toEqual(names);
  });
});
