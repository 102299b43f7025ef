import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { tenantIdSchema } from '@e2a/domain';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  FLOW_NAMES,
  FLOW_RUNS,
  manualFlowRunStart,
  manualRunWindow,
  type FlowName,
  type FlowRunParams,
} from '@e2a/workflows/contracts';
import { withTemporal } from '../temporal';
import { printJson, printTable } from '../output';

/** `--hours` is the look-back of the flows that take one and the analysis window of exception management. */
export function hoursParams(flow: FlowName, hours: number | undefined): FlowRunParams {
  if (hours === undefined) return {};
  const accepted = FLOW_RUNS[flow].params;
  if (accepted.includes('lookback_hours')) return { lookback_hours: hours };
  if (accepted.includes('analysis_hours')) return { analysis_hours: hours };
  return {};
}

/** `e2a flows run <flow>`: starts a flow on the task queue with its search attributes. */
export function registerFlowCommands(program: Command, config: CliConfig): void {
  const flows = program.command('flows').description('run the business flows on demand');
  flows
    .command('run <flow>')
    .description(`start a flow now: ${FLOW_NAMES.join(', ')}`)
    .option('--tenant <tenant>', 'tenant', config.DEMO_TENANT)
    .option(
      '--window <window>',
      'business key of the run (default: manual-<UTC minute>, the window the API uses, so the two dedupe)',
    )
    .option('--hours <n>', 'look-back / analysis window in hours (flows that take one)')
    .option('--wait', 'wait for the result and print it')
    .option('--json', 'print JSON')
    .action(
      async (
        flow: string,
        options: { tenant: string; window?: string; hours?: string; wait?: boolean; json?: boolean },
      ) => {
        if (!(FLOW_NAMES as readonly string[]).includes(flow)) {
          throw new Error(`unknown flow "${flow}": one of ${FLOW_NAMES.join(', ')}`);
        }
        const tenant = tenantIdSchema.safeParse(options.tenant);
        if (!tenant.success) throw new Error(`--tenant ${tenant.error.issues[0]?.message}`);
        const hours = options.hours === undefined ? undefined : Number(options.hours);
        if (hours !== undefined && !(hours > 0)) throw new Error('--hours must be a positive number');
        const start = manualFlowRunStart(
          flow as FlowName,
          options.tenant,
          hoursParams(flow as FlowName, hours),
          options.window ?? manualRunWindow(new Date()),
        );
        const workflowId = start.options.workflowId;
        const view = await withTemporal(config, async (client) => {
          const handle = await client.workflow
            .start(start.workflowType, { taskQueue: config.TEMPORAL_TASK_QUEUE, ...start.options })
            .catch((error: unknown) => {
              if (error instanceof WorkflowExecutionAlreadyStartedError)
                throw new Error(`flow ${flow} already ran as ${workflowId} (one manual run per minute)`);
              throw error;
            });
          const started = {
            flow,
            tenant: options.tenant,
            workflowType: start.workflowType,
            workflowId: handle.workflowId,
            runId: handle.firstExecutionRunId,
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            uiUrl: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(handle.workflowId)}`,
          };
          return options.wait ? { ...started, result: (await handle.result()) as unknown } : started;
        });
        if (options.json) return printJson(view);
        printTable(
          ['field', 'value'],
          Object.entries(view).map(([key, value]) => [
            key,
            typeof value === 'object' ? JSON.stringify(value) : String(value),
          ]),
        );
      },
    );
}
