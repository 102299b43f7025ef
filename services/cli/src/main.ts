import { Command } from 'commander';
import { loadCliConfig } from '@e2a/config';
import { registerMigrateCommand } from './commands/migrate';
import { registerTenantCommands } from './commands/tenant';
import { registerBillingCommands } from './commands/billing';
import { registerGenerateCommands } from './commands/generate';
import { registerStatsCommand } from './commands/stats';
import { registerSchedulesCommands } from './commands/schedules';
import { registerFlowCommands } from './commands/flows';
import { registerExceptionCommands } from './commands/exceptions';
import { registerDlqCommands } from './commands/dlq';
import { registerQuarantineCommands } from './commands/quarantine';
import { registerInvoiceCommands } from './commands/invoices';
import { registerDemoCommands } from './commands/demo';
import { registerPlaybooksCommands } from './commands/playbooks';

async function main(): Promise<void> {
  const config = loadCliConfig();
  const program = new Command('e2a').description('E²A operator CLI').showHelpAfterError();
  registerMigrateCommand(program, config);
  registerTenantCommands(program, config);
  registerBillingCommands(program, config);
  registerGenerateCommands(program, config);
  registerStatsCommand(program, config);
  registerSchedulesCommands(program, config);
  registerFlowCommands(program, config);
  registerExceptionCommands(program, config);
  registerDlqCommands(program, config);
  registerQuarantineCommands(program, config);
  registerInvoiceCommands(program, config);
  registerDemoCommands(program, config);
  registerPlaybooksCommands(program, config);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
