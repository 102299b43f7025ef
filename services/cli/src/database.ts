import type { CliConfig } from '@e2a/config';
import { createDb, withApplicationName, type Db } from '@e2a/db';

/** Runs `work` with a small pool and always closes it, so the CLI exits promptly. */
export async function withDb<T>(config: CliConfig, work: (db: Db) => Promise<T>): Promise<T> {
  const { db } = createDb(withApplicationName(config.DATABASE_URL, 'e2a-cli'), { max: 4 });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
