import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  type ExceptionManagementInput,
} from '@e2a/workflows/contracts';

/** Domain reference §10: exception management every 2 h over a 168 h window. */
export const EXCEPTION_MANAGEMENT_INTERVAL = '2h';
export const EXCEPTION_MANAGEMENT_ANALYSIS_HOURS = 168;

export const exceptionManagementScheduleId = (tenant: string) => `exception-management:${tenant}`;

/** Creates the tenant's schedule or brings an existing one back to the defaults (editable later with the CLI). */
export async function ensureExceptionManagementSchedule(
  client: Client,
  tenant: string,
  taskQueue: string,
): Promise<string> {
  const scheduleId = exceptionManagementScheduleId(tenant);
  const input: ExceptionManagementInput = { tenant, analysisHours: EXCEPTION_MANAGEMENT_ANALYSIS_HOURS };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: EXCEPTION_MANAGEMENT_WORKFLOW,
    taskQueue,
    args: [input],
    // Schedules append the scheduled time, so each run's id stays unique and business-keyed.
    workflowId: exceptionManagementWorkflowId(tenant, 'scheduled'),
    typedSearchAttributes: flowSearchAttributes(tenant, 'exception-management'),
  };
  const spec = { intervals: [{ every: EXCEPTION_MANAGEMENT_INTERVAL }] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1h' },
      typedSearchAttributes: flowSearchAttributes(tenant, 'exception-management'),
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}
