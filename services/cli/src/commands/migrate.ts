import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { createDb, ensureDatabase, migrateToLatest, withApplicationName } from '@e2a/db';

/** `e2a migrate`: creates the database when missing and applies every pending migration. */
export function registerMigrateCommand(program: Command, config: CliConfig): void {
  program
    .command('migrate')
    .description('create the database if missing and apply pending migrations')
    .action(async () => {
      const url = config.DIRECT_URL ?? config.DATABASE_URL;
      const created = await ensureDatabase(url);
      const { db } = createDb(withApplicationName(url, 'e2a-cli'), { max: 1 });
      try {
        const result = await migrateToLatest(db);
        const applied = (result.results ?? [])
          .filter((r) => r.status === 'Success')
          .map((r) => r.migrationName);
        console.log(JSON.stringify({ database: new URL(url).pathname.slice(1), created, applied }));
      } finally {
        await db.destroy();
      }
    });
}
