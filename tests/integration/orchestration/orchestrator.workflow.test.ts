import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  createEnrichmentActivities,
  createFlowRunActivities,
  createOrchestratorActivities,
} from '@e2a/activities';
import { createDb } from '@e2a/db';
import {
  BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW,
  FlowNameSearchAttribute,
  ORCHESTRATOR_SUMMARY_QUERY,
  TenantIdSearchAttribute,
  flowSearchAttributes,
  orchestratorWorkflowId,
  type OrchestratorRunOptions,
  type OrchestratorSummary,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { orchActivityDeps } from '../../support/activity-deps';
import { scriptedStages } from '../../support/enrichment-fixtures';
import { createOrchTimeSkippingEnvironment } from '../../support/orchestration-temporal';
import { createTestRedis, type TestRedis } from '../../support/redis';

const HISTORIES = path.join(__dirname, '..', '..', 'replay', 'histories');
const TASK_QUEUE = 'orch-orchestrator';

describe('businessOperationsOrchestratorWorkflow (time-skipping)', () => {
  let testDb: TestDatabase;
  let redis: TestRedis;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let workerRun: Promise<void>;
  const calls: { flow: string; tenant: string; workflowId: string; input: Record<string, unknown> }[] = [];
  const failingFlows = new Set<string>();

  beforeAll(async () => {
    testDb = await createTestDatabase('orch_orchestrator_workflow');
    redis = await createTestRedis();
    env = await createOrchTimeSkippingEnvironment();
    const deps = orchActivityDeps(testDb.db, redis);
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      workflowsPath: require.resolve('../../support/orchestrator-standin.workflows'),
      activities: {
        ...createEnrichmentActivities(deps, scriptedStages(testDb.db, {}).stages),
        ...createOrchestratorActivities(deps),
        ...createFlowRunActivities(deps),
        async recordStandInRun(input: { flow: string; input: Record<string, unknown> }) {
          const tenant = String(input.input.tenant);
          calls.push({
            flow: input.flow,
            tenant,
            workflowId: Context.current().info.workflowExecution?.workflowId ?? '',
            input: input.input,
          });
          if (failingFlows.has(`${tenant}:${input.flow}`)) {
            throw ApplicationFailure.nonRetryable(`${input.flow} exploded`, 'StandInFailure');
          }
          return { flow: input.flow, ok: true as const };
        },
      },
    });
    workerRun = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
    await redis?.quit();
    await testDb?.destroy();
  });

  async function start(tenant: string, options: OrchestratorRunOptions = {}, window = 'test') {
    return env.client.workflow.start(BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW, {
      taskQueue: TASK_QUEUE,
      workflowId: orchestratorWorkflowId(tenant, window),
      args: [{ tenant, ...options }],
      typedSearchAttributes: flowSearchAttributes(tenant, 'orchestrator'),
    });
  }
  const callsOf = (tenant: string) => calls.filter((call) => call.tenant === tenant);

  it('runs order processing → exception management → billing → enrichment as children with search attributes', async () => {
    const tenant = 'orch-run-ok';
    await createTestTenant(testDb.db, tenant);
    const handle = await start(tenant, { forceBilling: true, maintenanceWindow: null });
    const summary = (await handle.result()) as OrchestratorSummary;

    expect(callsOf(tenant).map((call) => call.flow)).toEqual([
      'order-processing',
      'exception-management',
      'billing',
    ]);
    expect(callsOf(tenant).map((call) => call.input)).toEqual([
      { tenant, lookbackHours: 24 },
      { tenant, analysisHours: 168 },
      { tenant, lookbackHours: 24 },
    ]);
    expect(summary.steps.map((s) => [s.flow, s.status])).toEqual([
      ['order-processing', 'COMPLETED'],
      ['exception-management', 'COMPLETED'],
      ['billing', 'COMPLETED'],
      ['enrichment', 'COMPLETED'],
    ]);
    expect(summary).toMatchObject({ status: 'COMPLETED', successRate: 100, rating: 'EXCELLENT' });
    // readiness really probed the parts
    expect(summary.readiness).toMatchObject({
      ready: true,
      postgres: { ok: true },
      redis: { ok: true },
      temporal: { ok: true },
    });

    // every child carries TenantId/FlowName and an id from business keys
    for (const step of summary.steps) {
      expect(
        step.workflowId.startsWith(`${step.flow === 'billing' ? 'billing' : step.flow}:${tenant}:`),
      ).toBe(true);
      const description = await env.client.workflow.getHandle(step.workflowId).describe();
      expect(description.typedSearchAttributes.get(TenantIdSearchAttribute)).toBe(tenant);
      expect(description.typedSearchAttributes.get(FlowNameSearchAttribute)).toBe(step.flow);
    }
    expect(summary.steps[2]?.workflowId).toMatch(new RegExp(`^billing:${tenant}:\\d{4}-\\d{2}-\\d{2}$`));

    const stored = await testDb.db
      .selectFrom('flow_runs')
      .selectAll()
      .where('workflow_id', '=', handle.workflowId)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ tenant, flow: 'orchestrator', status: 'COMPLETED' });
    expect((stored.result as unknown as OrchestratorSummary).successRate).toBe(100);
  });

  it('skips billing outside the billing window', async () => {
    const tenant = 'orch-run-nobilling';
    await createTestTenant(testDb.db, tenant);
    // A one-minute window from now+2h can never contain the run.
    const summary = (await (
      await start(tenant, { maintenanceWindow: null })
    ).result()) as OrchestratorSummary;
    const billing = summary.steps.find((s) => s.flow === 'billing');
    const startedHour = new Date(summary.startedAt).getUTCHours();
    if (startedHour === 2) {
      expect(billing?.status).toBe('COMPLETED');
    } else {
      expect(billing).toMatchObject({ status: 'SKIPPED', reason: 'outside the billing window (02:00 UTC)' });
      expect(callsOf(tenant).map((call) => call.flow)).toEqual(['order-processing', 'exception-management']);
      expect(summary).toMatchObject({ status: 'COMPLETED', successRate: 100 });
    }
  });

  it('keeps going when a child fails and says so in the summary', async () => {
    const tenant = 'orch-run-partial';
    await createTestTenant(testDb.db, tenant);
    failingFlows.add(`${tenant}:exception-management`);
    const handle = await start(tenant, { forceBilling: true, maintenanceWindow: null });
    const summary = (await handle.result()) as OrchestratorSummary;

    expect(callsOf(tenant).map((call) => call.flow)).toEqual([
      'order-processing',
      'exception-management',
      'billing',
    ]);
    expect(summary.steps.map((s) => [s.flow, s.status])).toEqual([
      ['order-processing', 'COMPLETED'],
      ['exception-management', 'FAILED'],
      ['billing', 'COMPLETED'],
      ['enrichment', 'COMPLETED'],
    ]);
    const failed = summary.steps[1]!;
    expect(failed.error).toContain('exploded');
    expect(summary.steps[3]?.failedDependencies).toEqual(['exception-management']);
    expect(summary).toMatchObject({ status: 'PARTIAL', successRate: 75, rating: 'GOOD' });
    expect(summary.message).toContain('exception-management');

    const stored = await testDb.db
      .selectFrom('flow_runs')
      .select(['status'])
      .where('workflow_id', '=', handle.workflowId)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('PARTIAL');

    const historyFile = path.join(HISTORIES, 'businessOperationsOrchestratorWorkflow-partial-failure.json');
    if (!existsSync(historyFile))
      writeFileSync(historyFile, JSON.stringify(await handle.fetchHistory(), null, 1));
  });

  it('does no work inside the tenant maintenance window', async () => {
    const tenant = 'orch-run-maintenance';
    await createTestTenant(testDb.db, tenant);
    await testDb.db
      .updateTable('tenants')
      .set({ maintenance_window: JSON.stringify({ start: '00:00', end: '23:59' }) })
      .where('name', '=', tenant)
      .execute();
    const handle = await start(tenant);
    const summary = (await handle.result()) as OrchestratorSummary;
    if (new Date(summary.startedAt).toISOString().slice(11, 16) === '23:59') return; // the one minute outside
    expect(summary.status).toBe('SKIPPED_MAINTENANCE');
    expect(
      summary.steps.every((s) => s.status === 'SKIPPED' && s.reason === 'maintenance window 00:00-23:59 UTC'),
    ).toBe(true);
    expect(callsOf(tenant)).toEqual([]);
    expect(summary).toMatchObject({ successRate: 0, rating: null });
    const stored = await testDb.db
      .selectFrom('flow_runs')
      .select(['status'])
      .where('workflow_id', '=', handle.workflowId)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('SKIPPED_MAINTENANCE');

    const historyFile = path.join(HISTORIES, 'businessOperationsOrchestratorWorkflow-maintenance.json');
    if (!existsSync(historyFile))
      writeFileSync(historyFile, JSON.stringify(await handle.fetchHistory(), null, 1));
  });

  it('answers the summary query while it runs', async () => {
    const tenant = 'orch-run-slow';
    await createTestTenant(testDb.db, tenant);
    const handle = await start(tenant, { maintenanceWindow: null });
    let live: OrchestratorSummary | undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      live = await handle.query<OrchestratorSummary>(ORCHESTRATOR_SUMMARY_QUERY);
      if (live.steps[1]?.status === 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(live).toMatchObject({ status: 'RUNNING', finishedAt: null });
    expect(live?.steps.map((s) => s.status)).toEqual(['COMPLETED', 'RUNNING', 'PENDING', 'PENDING']);
    const final = (await handle.result()) as OrchestratorSummary;
    expect(final.status).toBe('COMPLETED');
    const afterwards = await handle.query<OrchestratorSummary>(ORCHESTRATOR_SUMMARY_QUERY);
    expect(afterwards.status).toBe('COMPLETED');
  });

  it('reports NOT_READY and starts nothing when Postgres does not answer', async () => {
    const tenant = 'orch-run-notready';
    // A pool on a port nothing listens on: the readiness probe's SELECT 1 really fails.
    const { db: deadDb } = createDb('postgres://postgres@127.0.0.1:1/orch_nowhere', {
      connectionTimeoutMillis: 500,
    });
    const deps = orchActivityDeps(deadDb, redis);
    const taskQueue = 'orch-orchestrator-notready';
    const deadWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../support/orchestrator-standin.workflows'),
      activities: {
        ...createEnrichmentActivities(deps),
        ...createOrchestratorActivities(deps),
        ...createFlowRunActivities(deps),
      },
    });
    const summary = (await deadWorker.runUntil(async () => {
      const handle = await env.client.workflow.start(BUSINESS_OPERATIONS_ORCHESTRATOR_WORKFLOW, {
        taskQueue,
        workflowId: orchestratorWorkflowId(tenant, 'notready'),
        args: [{ tenant }],
        typedSearchAttributes: flowSearchAttributes(tenant, 'orchestrator'),
      });
      return handle.result();
    })) as OrchestratorSummary;
    await deadDb.destroy();

    expect(summary.status).toBe('NOT_READY');
    expect(summary.readiness).toMatchObject({
      ready: false,
      postgres: { ok: false },
      redis: { ok: true },
      temporal: { ok: true },
    });
    expect(
      summary.steps.every((s) => s.status === 'SKIPPED' && s.reason === 'not ready: postgres unavailable'),
    ).toBe(true);
    expect(summary.message).toContain('flow_runs not written');
    expect(callsOf(tenant)).toEqual([]);
  });
});
