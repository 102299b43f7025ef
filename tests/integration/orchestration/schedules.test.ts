import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { FLOW_NAMES, FlowNameSearchAttribute, TenantIdSearchAttribute } from '@e2a/workflows/contracts';
import { applySchedules, listE2aSchedules, scheduleIdFor } from '@e2a/schedules';
import { createTestDatabase, createTestTenant } from '../../support/db';
import { projectRoot } from '../../support/paths';
import { createLocalEnvironment } from '../../support/temporal';

const TASK_QUEUE = 'orch-schedules';

describe('applySchedules against a real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createLocalEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('creates one schedule per flow and tenant, then updates them idempotently', async () => {
    const tenants = [
      { name: 'orch-sched-a', timezone: 'America/New_York' },
      { name: 'orch-sched-b', timezone: 'UTC' },
    ];
    const created = await applySchedules(env.client, tenants, { taskQueue: TASK_QUEUE });
    expect(created).toHaveLength(10);
    expect(created.every((schedule) => schedule.result === 'created')).toBe(true);
    expect(created.map((schedule) => schedule.scheduleId)).toContain('exception-management:orch-sched-a');

    const again = await applySchedules(env.client, tenants, { taskQueue: TASK_QUEUE });
    expect(again.map((schedule) => schedule.result)).toEqual(Array(10).fill('updated'));
    const listed = await listE2aSchedules(env.client, 'orch-sched-a');
    expect(listed.map((listing) => listing.scheduleId)).toEqual(
      [...FLOW_NAMES].map((flow) => scheduleIdFor(flow, 'orch-sched-a')).sort(),
    );

    const billing = await env.client.schedule.getHandle('billing:orch-sched-a').describe();
    expect(billing.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 2, end: 2, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
    });
    expect(billing.spec.timezone).toBe('America/New_York');
    expect(billing.policies).toMatchObject({
      overlap: ScheduleOverlapPolicy.BUFFER_ONE,
      catchupWindow: 86_400_000,
    });
    expect(billing.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'billingManagementWorkflow',
      workflowId: 'billing:orch-sched-a:scheduled',
      taskQueue: TASK_QUEUE,
      args: [{ tenant: 'orch-sched-a', lookbackHours: 24 }],
    });
    const action = billing.action as { typedSearchAttributes?: { get: (key: unknown) => unknown } };
    expect(action.typedSearchAttributes?.get(TenantIdSearchAttribute)).toBe('orch-sched-a');
    expect(action.typedSearchAttributes?.get(FlowNameSearchAttribute)).toBe('billing');

    const orders = await env.client.schedule.getHandle('order-processing:orch-sched-a').describe();
    expect(orders.spec.intervals).toEqual([{ every: 30 * 60_000 }]);
    expect(orders.policies).toMatchObject({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 600_000 });
    expect(orders.action).toMatchObject({ args: [{ tenant: 'orch-sched-a', lookbackHours: 24 }] });
    const exceptions = await env.client.schedule.getHandle('exception-management:orch-sched-a').describe();
    expect(exceptions.spec.intervals).toEqual([{ every: 2 * 3_600_000, offset: 10 * 60_000 }]);
    expect(exceptions.action).toMatchObject({ args: [{ tenant: 'orch-sched-a', analysisHours: 168 }] });
    const enrichment = await env.client.schedule.getHandle('enrichment:orch-sched-a').describe();
    expect(enrichment.spec.intervals).toEqual([{ every: 4 * 3_600_000, offset: 20 * 60_000 }]);
    const orchestrator = await env.client.schedule.getHandle('orchestrator:orch-sched-a').describe();
    expect(orchestrator.spec.intervals).toEqual([{ every: 3_600_000, offset: 5 * 60_000 }]);
  });

  it('follows a tenant time-zone change and keeps an operator pause', async () => {
    const tenant = { name: 'orch-sched-c', timezone: 'UTC' };
    await applySchedules(env.client, [tenant], { taskQueue: TASK_QUEUE });
    await env.client.schedule.getHandle('billing:orch-sched-c').pause('operator: month-end freeze');

    const result = await applySchedules(env.client, [{ ...tenant, timezone: 'Europe/Berlin' }], {
      taskQueue: TASK_QUEUE,
    });
    expect(result.find((schedule) => schedule.flow === 'billing')?.result).toBe('updated');
    const billing = await env.client.schedule.getHandle('billing:orch-sched-c').describe();
    expect(billing.spec.timezone).toBe('Europe/Berlin');
    expect(billing.state).toMatchObject({ paused: true, note: 'operator: month-end freeze' });
  });

  it('a triggered schedule starts its workflow with TenantId and FlowName', async () => {
    const tenant = { name: 'orch-sched-d', timezone: 'UTC' };
    await applySchedules(env.client, [tenant], { taskQueue: TASK_QUEUE });
    const handle = env.client.schedule.getHandle('orchestrator:orch-sched-d');
    await handle.trigger();
    let workflowId: string | undefined;
    for (let attempt = 0; attempt < 50 && !workflowId; attempt += 1) {
      const description = await handle.describe();
      workflowId = description.info.recentActions[0]?.action.workflow.workflowId;
      if (!workflowId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(workflowId).toMatch(/^orchestrator:orch-sched-d:scheduled-/);
    const run = await env.client.workflow.getHandle(workflowId!).describe();
    expect(run.type).toBe('businessOperationsOrchestratorWorkflow');
    expect(run.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe('orch-sched-d');
    expect(run.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe('orchestrator');
    await env.client.workflow.getHandle(workflowId!).terminate('test done');
  });

  it('`e2a schedules apply|list` applies the schedules of every tenant in the database', async () => {
    const testDb = await createTestDatabase('orch_schedules_cli');
    try {
      await createTestTenant(testDb.db, 'orch-sched-cli', { timezone: 'Asia/Tokyo' });
      const cli = (args: string[]) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', ...args], {
          cwd: projectRoot,
          // Only what the CLI's config needs; everything else takes its defaults.
          env: { DATABASE_URL: testDb.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE },
        });
      const applied = (await cli(['schedules', 'apply'])).stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(applied).toHaveLength(5);
      expect(
        applied.every((line: { tenant: string; result: string }) => line.tenant === 'orch-sched-cli'),
      ).toBe(true);
      const reapplied = (await cli(['schedules', 'apply', '--tenant', 'orch-sched-cli'])).stdout;
      expect(reapplied.match(/"result":"updated"/g)).toHaveLength(5);
      const listed = JSON.parse(
        (await cli(['schedules', 'list', '--tenant', 'orch-sched-cli', '--json'])).stdout,
      );
      expect(listed.map((line: { scheduleId: string }) => line.scheduleId)).toEqual([
        'billing:orch-sched-cli',
        'enrichment:orch-sched-cli',
        'exception-management:orch-sched-cli',
        'orchestrator:orch-sched-cli',
        'order-processing:orch-sched-cli',
      ]);
      // 02:00 in Tokyo is 17:00Z
      const billing = listed.find((line: { scheduleId: string }) => line.scheduleId.startsWith('billing:'));
      expect(billing.nextActionTimes[0]).toMatch(/T17:00:00\.000Z$/);
    } finally {
      await testDb.destroy();
    }
  });
});
