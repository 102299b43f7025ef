import type { CliConfig } from '@e2a/config';
import { createDb, type Db } from '@e2a/db';

/** Runs `work` with a small pool and always closes it, so the CLI exits promptly. */
export async function withDb<T>(config: CliConfig, work: (db: Db) => Promise<T>): Promise<T> {
  const { db } = createDb(config.DATABASE_URL, { max: 4 });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
