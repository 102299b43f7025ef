import type { Command } from 'commander';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { temporalConnectionOptions, type CliConfig } from '@e2a/config';
import { isMonthPeriod, tenantIdSchema } from '@e2a/domain';
import {
  DEFAULT_BILLING_CHUNK_SIZE,
  DEFAULT_BILLING_LOOKBACK_HOURS,
  manualFlowRunStart,
  manualRunWindow,
  type BillingManagementResult,
} from '@e2a/workflows/contracts';
import { positiveInt } from '../output';

const monthPeriod = (value: string) => {
  if (!isMonthPeriod(value)) throw new Error(`--close-month must be a month YYYY-MM (got "${value}")`);
  return value;
};

/** `e2a billing run <tenant>`: starts billingManagementWorkflow now, outside its daily schedule. */
export function registerBillingCommands(program: Command, config: CliConfig): void {
  const billing = program.command('billing').description('billing management flow');
  billing
    .command('run <tenant>')
    .description('start a billing run (invoices, validation, late fees, SLA credits, monthly report)')
    .option('--lookback-hours <hours>', 'validation and SLA-credit window', positiveInt('--lookback-hours'))
    .option('--chunk-size <n>', 'ids per activity call', positiveInt('--chunk-size'))
    .option(
      '--close-month <YYYY-MM>',
      'close this ended month by hand (minimum monthly fee); by default a run on the 1st closes the previous month',
      monthPeriod,
    )
    .option('--wait', 'wait for the result and print it')
    .action(
      async (
        tenant: string,
        options: { lookbackHours?: number; chunkSize?: number; closeMonth?: string; wait?: boolean },
      ) => {
        const parsedTenant = tenantIdSchema.safeParse(tenant);
        if (!parsedTenant.success) throw new Error(`tenant name ${parsedTenant.error.issues[0]?.message}`);
        // The API's manual-run window (one run per UTC minute, so a CLI and an API run in the same minute are one);
        // a month close is its own run in that minute, its input differs.
        const window =
          manualRunWindow(new Date()) + (options.closeMonth ? `-close-${options.closeMonth}` : '');
        const start = manualFlowRunStart(
          'billing',
          tenant,
          {
            lookback_hours: options.lookbackHours ?? DEFAULT_BILLING_LOOKBACK_HOURS,
            chunk_size: options.chunkSize ?? DEFAULT_BILLING_CHUNK_SIZE,
          },
          window,
        );
        const connection = await Connection.connect(temporalConnectionOptions(config));
        try {
          const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
          const handle = await client.workflow
            .start(start.workflowType, {
              taskQueue: config.TEMPORAL_TASK_QUEUE,
              ...start.options,
              args: start.options.args.map((input) => ({
                ...input,
                ...(options.closeMonth && { closeMonth: options.closeMonth }),
              })),
            })
            .catch((error: unknown) => {
              if (error instanceof WorkflowExecutionAlreadyStartedError)
                throw new Error(
                  `billing already ran as ${start.options.workflowId} (one manual run per minute)`,
                );
              throw error;
            });
          if (!options.wait) {
            console.log(
              JSON.stringify({ workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId }),
            );
            return;
          }
          const result = (await handle.result()) as BillingManagementResult;
          console.log(JSON.stringify(result, null, 2));
        } finally {
          await connection.close();
        }
      },
    );
}
