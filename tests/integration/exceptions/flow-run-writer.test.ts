import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createActivities, createFlowRunActivities } from '@e2a/activities';
import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  type ExceptionManagementResult,
} from '@e2a/workflows/contracts';
import { saveHistory } from '../../support/histories';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';
import { exceptionDeps, exceptionSettings, seedException } from '../../support/exceptions-fixtures';

const TENANT = 'exc-flow-runs';

describe('exception management stores its run through the one flow_runs writer', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let partner: { server: Server; port: number };
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    database = await createTestDatabase('exc_flow_runs');
    redis = await createTestRedis();
    partner = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${partner.port}`;
    await createTestTenant(database.db, TENANT, {
      partnerEndpoints: { address: base, payments: base, wms: base, carrier: base, systems: base },
    });
    env = await createLocalEnvironment();
  });
  afterAll(async () => {
    await env.teardown();
    await closeServer(partner.server);
    await redis.quit();
    await database.destroy();
  });

  it('writes one row with the run, its status, its result and its start and finish times', async () => {
    await seedException(database.db, { tenant: TENANT, orderId: 'ORD-FR-1', reasonCode: 'PICK_DELAY' });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TENANT,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') }),
      activities: createActivities(
        exceptionDeps(database.db, redis, exceptionSettings({ aiMode: 'fallback' })),
      ),
    });
    const before = new Date();
    const { handle, result } = await worker.runUntil(async () => {
      const started = await env.client.workflow.start(EXCEPTION_MANAGEMENT_WORKFLOW, {
        taskQueue: TENANT,
        workflowId: exceptionManagementWorkflowId(TENANT, 'flow-run-writer'),
        args: [{ tenant: TENANT }],
        typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
      });
      return { handle: started, result: (await started.result()) as ExceptionManagementResult };
    });
    await saveHistory(handle, 'exceptionManagementWorkflow-store-flow-run-summary');

    const rows = await database.db.selectFrom('flow_runs').selectAll().where('tenant', '=', TENANT).execute();
    expect(rows).toEqual([
      {
        id: expect.any(String),
        tenant: TENANT,
        flow: 'exception-management',
        workflow_id: handle.workflowId,
        run_id: handle.firstExecutionRunId,
        status: 'COMPLETED',
        result: JSON.parse(JSON.stringify(result)),
        started_at: expect.any(Date),
        finished_at: expect.any(Date),
      },
    ]);
    const [row] = rows;
    expect(result.analysis.analyzed).toBe(1);
    expect(row!.started_at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(row!.finished_at.getTime()).toBeGreaterThanOrEqual(row!.started_at!.getTime());
    expect(row!.finished_at.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('the former recordFlowRun activity and storeFlowRunSummary write the same row', async () => {
    const finishedAt = new Date('2026-11-30T20:00:00.123Z');
    const activities = createFlowRunActivities({ db: database.db, now: () => finishedAt });
    const run = {
      tenant: 'exc-flow-runs-same-row',
      flow: 'exception-management',
      runId: 'run-1',
      status: 'COMPLETED',
      startedAt: '2026-11-30T19:59:58.456Z',
      result: { tenant: 'exc-flow-runs-same-row', escalation: { escalated: 2 }, priorities: [] },
    };
    await activities.recordFlowRun({ ...run, workflowId: 'before' });
    await activities.storeFlowRunSummary({
      ...run,
      workflowId: 'after',
      finishedAt: finishedAt.toISOString(),
    });

    const rows = await database.db
      .selectFrom('flow_runs')
      .selectAll()
      .where('tenant', '=', run.tenant)
      .orderBy('workflow_id', 'desc')
      .execute();
    const [before, after] = rows;
    expect(before).toEqual({
      id: expect.any(String),
      tenant: run.tenant,
      flow: 'exception-management',
      workflow_id: 'before',
      run_id: 'run-1',
      status: 'COMPLETED',
      result: run.result,
      started_at: new Date(run.startedAt),
      finished_at: finishedAt,
    });
    expect(after).toEqual({ ...before, id: expect.any(String), workflow_id: 'after' });
  });
});
