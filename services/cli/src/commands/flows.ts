import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { tenantIdSchema } from '@e2a/domain';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
  ENRICHMENT_WORKFLOW,
  EXCEPTION_MANAGEMENT_WORKFLOW,
  FLOW_NAMES,
  ORDER_PROCESSING_WORKFLOW,
  billingManagementWorkflowId,
  enrichmentWorkflowId,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  orchestratorWorkflowId,
  orderProcessingWorkflowId,
  type FlowName,
} from '@e2a/workflows/contracts';
import { withTemporal } from '../temporal';
import { printJson, printTable } from '../output';

/** Flow name → workflow type, id builder and input, from the contracts. */
export const FLOW_STARTS: Record<
  FlowName,
  {
    workflowType: string;
    workflowId: (tenant: string, window: string) => string;
    input: (tenant: string, hours?: number) => object;
  }
> = {
  'order-processing': {
    workflowType: ORDER_PROCESSING_WORKFLOW,
    workflowId: orderProcessingWorkflowId,
    input: (tenant, hours) => ({ tenant, ...(hours ? { lookbackHours: hours } : {}) }),
  },
  'exception-management': {
    workflowType: EXCEPTION_MANAGEMENT_WORKFLOW,
    workflowId: exceptionManagementWorkflowId,
    input: (tenant, hours) => ({ tenant, ...(hours ? { analysisHours: hours } : {}) }),
  },
  billing: {
    workflowType: BILLING_MANAGEMENT_WORKFLOW,
    workflowId: billingManagementWorkflowId,
    input: (tenant, hours) => ({ tenant, ...(hours ? { lookbackHours: hours } : {}) }),
  },
  enrichment: {
    workflowType: ENRICHMENT_WORKFLOW,
    workflowId: enrichmentWorkflowId,
    input: (tenant) => ({ tenant }),
  },
  orchestrator: {
    workflowType: BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
    workflowId: orchestratorWorkflowId,
    input: (tenant) => ({ tenant }),
  },
};

/** `manual-20261129T203000Z`: a manual run's window, unique to the second. */
export const manualWindow = (now: Date) => `manual-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** `e2a flows run <flow>`: starts a flow on the task queue with its search attributes. */
export function registerFlowCommands(program: Command, config: CliConfig): void {
  const flows = program.command('flows').description('run the business flows on demand');
  flows
    .command('run <flow>')
    .description(`start a flow now: ${FLOW_NAMES.join(', ')}`)
    .option('--tenant <tenant>', 'tenant', config.DEMO_TENANT)
    .option('--window <window>', 'business key of the run (default: manual-<timestamp>)')
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
        const start = FLOW_STARTS[flow as FlowName];
        const workflowId = start.workflowId(options.tenant, options.window ?? manualWindow(new Date()));
        const view = await withTemporal(config, async (client) => {
          const handle = await client.workflow.start(start.workflowType, {
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowId,
            args: [start.input(options.tenant, hours)],
            typedSearchAttributes: flowSearchAttributes(options.tenant, flow),
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
