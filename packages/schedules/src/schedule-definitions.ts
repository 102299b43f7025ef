import { ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import {
  BILLING_MANAGEMENT_WORKFLOW,
  BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
  ENRICHMENT_WORKFLOW,
  EXCEPTION_MANAGEMENT_WORKFLOW,
  ORDER_PROCESSING_WORKFLOW,
  billingManagementWorkflowId,
  enrichmentWorkflowId,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  orchestratorWorkflowId,
  orderProcessingWorkflowId,
  type FlowName,
} from '@e2a/workflows/contracts';

// Domain reference §10; every choice here is explained in docs/schedules.md.

export interface ScheduledTenant {
  name: string;
  /** IANA zone from tenants.timezone; the billing schedule fires at 02:00 in it. */
  timezone: string;
}

export interface ScheduleDefinition {
  scheduleId: string;
  flow: FlowName;
  options: ScheduleOptions;
}

/** `<flow>:<tenant>`, e.g. `exception-management:demo-3pl`. */
export const scheduleIdFor = (flow: FlowName, tenant: string) => `${flow}:${tenant}`;

/** Window key of scheduled runs; Temporal appends the scheduled time: `order-processing:demo-3pl:scheduled-<time>`. */
export const SCHEDULED_WINDOW = 'scheduled';

interface FlowSchedule {
  flow: FlowName;
  workflowType: string;
  workflowId: (tenant: string) => string;
  args: (tenant: string) => Record<string, unknown>;
  spec: (tenant: ScheduledTenant) => ScheduleOptions['spec'];
  overlap: ScheduleOverlapPolicy;
  catchupWindow: string;
  note: string;
}

export const FLOW_SCHEDULES: readonly FlowSchedule[] = [
  {
    flow: 'order-processing',
    workflowType: ORDER_PROCESSING_WORKFLOW,
    workflowId: (tenant) => orderProcessingWorkflowId(tenant, SCHEDULED_WINDOW),
    args: (tenant) => ({ tenant, lookbackHours: 24 }),
    spec: () => ({ intervals: [{ every: '30m' }] }),
    overlap: ScheduleOverlapPolicy.SKIP,
    // The next pass's 24 h lookback covers missed passes: no catch-up storm after an outage.
    catchupWindow: '10m',
    note: 'every 30 min, lookback 24 h',
  },
  {
    flow: 'exception-management',
    workflowType: EXCEPTION_MANAGEMENT_WORKFLOW,
    workflowId: (tenant) => exceptionManagementWorkflowId(tenant, SCHEDULED_WINDOW),
    args: (tenant) => ({ tenant, analysisHours: 168 }),
    spec: () => ({ intervals: [{ every: '2h', offset: '10m' }] }),
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '30m',
    note: 'every 2 h (at :10), analysis window 168 h',
  },
  {
    flow: 'billing',
    workflowType: BILLING_MANAGEMENT_WORKFLOW,
    workflowId: (tenant) => billingManagementWorkflowId(tenant, SCHEDULED_WINDOW),
    args: (tenant) => ({ tenant, lookbackHours: 24 }),
    spec: (tenant) => ({ calendars: [{ hour: 2, minute: 0 }], timezone: tenant.timezone }),
    // A billing day must not be lost: one run waits behind a slow one, and a missed day is caught up.
    overlap: ScheduleOverlapPolicy.BUFFER_ONE,
    catchupWindow: '1 day',
    note: 'daily 02:00 tenant time, lookback 24 h',
  },
  {
    flow: 'enrichment',
    workflowType: ENRICHMENT_WORKFLOW,
    workflowId: (tenant) => enrichmentWorkflowId(tenant, SCHEDULED_WINDOW),
    args: (tenant) => ({ tenant }),
    spec: () => ({ intervals: [{ every: '4h', offset: '20m' }] }),
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '1h',
    note: 'every 4 h (at :20), reprocessing per §8',
  },
  {
    flow: 'orchestrator',
    workflowType: BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
    workflowId: (tenant) => orchestratorWorkflowId(tenant, SCHEDULED_WINDOW),
    args: (tenant) => ({ tenant }),
    spec: () => ({ intervals: [{ every: '1h', offset: '5m' }] }),
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindow: '10m',
    note: 'hourly (at :05): readiness, order processing → exceptions → billing (02:00 hour) → enrichment',
  },
];

/** The five schedules of one tenant. */
export function buildScheduleDefinitions(tenant: ScheduledTenant, taskQueue: string): ScheduleDefinition[] {
  return FLOW_SCHEDULES.map((schedule) => {
    const scheduleId = scheduleIdFor(schedule.flow, tenant.name);
    return {
      scheduleId,
      flow: schedule.flow,
      options: {
        scheduleId,
        spec: schedule.spec(tenant),
        action: {
          type: 'startWorkflow',
          workflowType: schedule.workflowType,
          workflowId: schedule.workflowId(tenant.name),
          args: [schedule.args(tenant.name)],
          taskQueue,
          typedSearchAttributes: flowSearchAttributes(tenant.name, schedule.flow),
        },
        policies: {
          overlap: schedule.overlap,
          catchupWindow: schedule.catchupWindow,
          pauseOnFailure: false,
        },
        typedSearchAttributes: flowSearchAttributes(tenant.name, schedule.flow),
        memo: { tenant: tenant.name, flow: schedule.flow, cadence: schedule.note },
        state: { note: `E²A ${schedule.flow} for ${tenant.name}: ${schedule.note}` },
      },
    };
  });
}
