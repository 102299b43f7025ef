import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureExceptionManagementSchedule } from '@e2a/worker/src/schedules/exception-management.schedule';
import { createLocalEnvironment } from '../support/temporal';

describe('exception management schedule', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createLocalEnvironment();
  });
  afterAll(async () => {
    await env.teardown();
  });

  it('runs every 2 h over a 168 h window, and applying it twice keeps one schedule', async () => {
    const id = await ensureExceptionManagementSchedule(env.client, 'exc-schedule', 'e2a');
    await ensureExceptionManagementSchedule(env.client, 'exc-schedule', 'e2a');
    const description = await env.client.schedule.getHandle(id).describe();
    expect(id).toBe('exception-management:exc-schedule');
    expect(description.spec.intervals).toEqual([expect.objectContaining({ every: 7_200_000 })]);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'exceptionManagementWorkflow',
      taskQueue: 'e2a',
      args: [{ tenant: 'exc-schedule', analysisHours: 168 }],
    });
    const schedules = [];
    for await (const schedule of env.client.schedule.list()) schedules.push(schedule.scheduleId);
    expect(schedules.filter((scheduleId) => scheduleId === id)).toHaveLength(1);
  });
});
