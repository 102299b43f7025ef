import { Command } from 'commander';
import { loadCliConfig } from '@e2a/config';
import { registerMigrateCommand } from './commands/migrate';
import { registerTenantCommands } from './commands/tenant';
import { registerScheduleCommands } from './commands/schedules';

async function main(): Promise<void> {
  const config = loadCliConfig();
  const program = new Command('e2a').description('E²A operator CLI').showHelpAfterError();
  registerMigrateCommand(program, config);
  registerTenantCommands(program, config);
  registerScheduleCommands(program, config);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
