import { countAutomation } from '@e2a/db';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { createActivities } from '@e2a/activities';
import { saveHistory } from '../../support/histories';
import { createApiApp } from '@e2a/api';
import { loadApiConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';
import { createLogger, createMetricsRegistry } from '@e2a/telemetry';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  EXCEPTION_RESOLUTION_WORKFLOW,
  exceptionManagementWorkflowId,
  exceptionResolutionWorkflowId,
  flowSearchAttributes,
  type ExceptionManagementResult,
  type ExceptionResolutionResult,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, TEST_API_KEY, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment, createTimeSkippingEnvironment } from '../../support/temporal';
import {
  exceptionDeps,
  exceptionSettings,
  seedException,
  type SeedException,
} from '../../support/exceptions-fixtures';

interface Harness {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  worker: () => Promise<Worker>;
  seed: (reasonCode: string, extra?: Partial<SeedException>) => Promise<string>;
  load: (id: string) => Promise<Record<string, unknown>>;
  decide: (
    id: string,
    decision: 'approve' | 'reject',
    body: unknown,
  ) => Promise<{ status: number; body: { result?: ExceptionResolutionResult } }>;
  close: () => Promise<void>;
}

let bundle: WorkflowBundle | undefined;

/** Real Postgres, Redis, partner simulator and API over the given Temporal environment. */
async function createHarness(
  tenant: string,
  suite: string,
  createEnv: () => Promise<TestWorkflowEnvironment>,
): Promise<Harness> {
  const database = await createTestDatabase(suite);
  const redis: TestRedis = await createTestRedis();
  const partner: { server: Server; port: number } = await listen(createPartnerSimulatorApp(), 0, '127.0.0.1');
  const base = `http://127.0.0.1:${partner.port}`;
  await createTestTenant(database.db, tenant, {
    partnerEndpoints: { address: base, payments: base, wms: base, carrier: base, systems: base },
  });
  const env = await createEnv();
  bundle ??= await bundleWorkflowCode({ workflowsPath: require.resolve('@e2a/workflows') });
  const workflowBundle = bundle;
  const api = await listen(
    createApiApp({
      db: database.db,
      redis,
      temporal: env.client,
      config: loadApiConfig({}),
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test'),
    }),
    0,
    '127.0.0.1',
  );
  let orderSeq = 0;
  return {
    env,
    database,
    worker: () =>
      Worker.create({
        connection: env.nativeConnection,
        taskQueue: tenant,
        workflowBundle,
        activities: createActivities(
          exceptionDeps(database.db, redis, exceptionSettings({ aiMode: 'fallback' })),
        ),
      }),
    seed: (reasonCode, extra = {}) =>
      seedException(database.db, { tenant, orderId: `ORD-WF-${++orderSeq}`, reasonCode, ...extra }),
    load: (id) =>
      database.db.selectFrom('exceptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    decide: async (id, decision, body) => {
      const response = await fetch(`http://127.0.0.1:${api.port}/exceptions/${id}/${decision}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-tenant-id': tenant,
          authorization: `Bearer ${TEST_API_KEY}`,
        },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as { result?: ExceptionResolutionResult },
      };
    },
    close: async () => {
      await closeServer(api.server);
      await closeServer(partner.server);
      await env.teardown();
      await redis.quit();
      await database.destroy();
    },
  };
}

describe('exception management and approvals (Temporal dev server)', () => {
  const TENANT = 'exc-workflows';
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(TENANT, 'exc_workflows', createLocalEnvironment);
  });
  afterAll(async () => {
    await h.close();
  });

  it('one run analyses, resolves, escalates, finds patterns, stores the run and hands approvals to a human', async () => {
    const now = Date.now();
    const pick = await h.seed('PICK_DELAY');
    const overdue = await h.seed('PACK_DELAY', { createdAt: new Date(now - 5 * 3_600_000) });
    const blocked = await h.seed('CARRIER_ISSUE', { severity: 'HIGH' });
    await h.database.db
      .updateTable('exceptions')
      .set({ resolution_blocked: true, resolution_block_reason: 'held', ai_label: 'CARRIER_ISSUE' })
      .where('id', '=', blocked)
      .execute();
    const outside = await h.seed('PICK_DELAY', { createdAt: new Date(now - 200 * 3_600_000) });
    const approval = await h.seed('STOCK_MISMATCH', {
      severity: 'HIGH',
      orderData: {
        line_items: [{ sku: 'SKU-9', quantity: 2, available_quantity: 1, alternate_warehouse_quantity: 5 }],
      },
    });

    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.env.client.workflow.start(EXCEPTION_MANAGEMENT_WORKFLOW, {
        taskQueue: TENANT,
        workflowId: exceptionManagementWorkflowId(TENANT, 'test-run'),
        args: [{ tenant: TENANT }],
        typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
      });
      const result = (await handle.result()) as ExceptionManagementResult;
      await saveHistory(handle, 'exceptionManagementWorkflow-fallback');

      expect(result.analysis).toMatchObject({ analyzed: 3, ai: 0, fallback: 3 });
      expect(result.resolution).toMatchObject({
        eligible: 3,
        attempted: 2,
        notExecuted: 2,
        awaitingApproval: 1,
      });
      // The overdue PACK_DELAY (2 h) and the old PICK_DELAY outside the window (4 h) escalate.
      expect(result.escalation.escalated).toBe(2);
      expect(result.patterns.total).toBe(4);
      expect(result.patterns.by_reason).toEqual({
        PICK_DELAY: 1,
        PACK_DELAY: 1,
        CARRIER_ISSUE: 1,
        STOCK_MISMATCH: 1,
      });
      expect(result.priorities.map((priority) => priority.id)).toContain(approval);
      expect(await h.load(pick)).toMatchObject({
        ai_label: 'PICK_DELAY',
        ai_confidence: null,
        resolution_attempts: 1,
      });
      expect(await h.load(outside)).toMatchObject({ ai_label: null, resolution_attempts: 0 });
      expect(await h.load(blocked)).toMatchObject({ resolution_attempts: 0 });
      const escalated = await h.load(overdue);
      expect(escalated).toMatchObject({ severity: 'HIGH', escalation_level: 1 });
      expect(escalated.escalated_at).not.toBeNull();
      const alerts = await h.database.db
        .selectFrom('alerts')
        .selectAll()
        .where('tenant', '=', TENANT)
        .execute();
      expect(alerts.filter((alert) => alert.dedupe_key === `exception_escalated:${overdue}`)).toHaveLength(1);
      const runs = await h.database.db
        .selectFrom('flow_runs')
        .selectAll()
        .where('tenant', '=', TENANT)
        .execute();
      expect(runs).toHaveLength(1);
      expect(runs[0]!.result).toMatchObject({ resolution: { attempted: 2 } });

      // The approval child waits for a human; approving through the API runs the WMS reallocation.
      expect((await h.load(approval)).approval_status).toBe('PENDING');
      const decision = await h.decide(approval, 'approve', { approver: 'ops-lead', note: 'recount done' });
      expect(decision.status).toBe(200);
      expect(decision.body.result).toMatchObject({
        outcome: 'resolved',
        decidedBy: 'ops-lead',
        attemptNumber: 1,
      });
      const child = h.env.client.workflow.getHandle(exceptionResolutionWorkflowId(TENANT, approval));
      await child.result();
      await saveHistory(child, 'exceptionResolutionWorkflow-approved');
      expect((await h.decide(approval, 'approve', { approver: 'someone-else' })).status).toBe(409);

      // A second run does not escalate or alert twice.
      const again = await h.env.client.workflow.execute(EXCEPTION_MANAGEMENT_WORKFLOW, {
        taskQueue: TENANT,
        workflowId: exceptionManagementWorkflowId(TENANT, 'test-run-2'),
        args: [{ tenant: TENANT }],
        typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
      });
      expect((again as ExceptionManagementResult).escalation.escalated).toBe(0);
    });
    expect(await h.load(approval)).toMatchObject({ status: 'RESOLVED', approval_status: 'APPROVED' });
    const attempts = await h.database.db
      .selectFrom('resolution_attempts')
      .selectAll()
      .where('exception_id', '=', approval)
      .execute();
    expect(attempts).toEqual([
      expect.objectContaining({
        status: 'SUCCEEDED',
        workflow_id: exceptionResolutionWorkflowId(TENANT, approval),
      }),
    ]);
  });

  it('without a model the flow runs the playbook: what the partner can fix resolves with evidence, the rest blocks at the limit', async () => {
    const problem = { source: 'order_problem' };
    const swapped = await h.seed('ADDRESS_INVALID', {
      context: problem,
      orderData: { shipping_address: { city: 'Springfield', zip: '62074' } },
    });
    const undeliverable = await h.seed('ADDRESS_INVALID', {
      context: problem,
      orderData: { shipping_address: { city: 'Springfield', zip: '00000' } },
    });
    const soft = await h.seed('PAYMENT_FAILED', {
      context: problem,
      orderData: { financial_status: 'pending', payment_decline_code: 'insufficient_funds' },
    });
    const hard = await h.seed('PAYMENT_FAILED', {
      context: problem,
      orderData: { financial_status: 'pending', payment_decline_code: 'stolen_card' },
    });
    const exceptionIds = [swapped, undeliverable, soft, hard];
    const before = await countAutomation(h.database.db, TENANT);
    const worker = await h.worker();
    const results = await worker.runUntil(async () => {
      const runs: ExceptionManagementResult[] = [];
      for (const run of ['playbook-1', 'playbook-2']) {
        runs.push(
          (await h.env.client.workflow.execute(EXCEPTION_MANAGEMENT_WORKFLOW, {
            taskQueue: TENANT,
            workflowId: exceptionManagementWorkflowId(TENANT, run),
            args: [{ tenant: TENANT, exceptionIds }],
            typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
          })) as ExceptionManagementResult,
        );
      }
      return runs;
    });
    expect(results[0]!.resolution).toMatchObject({ attempted: 4, resolved: 2, failed: 2 });
    expect(results[1]!.resolution).toMatchObject({ attempted: 2, resolved: 0, failed: 2, blocked: 2 });
    expect(await h.load(swapped)).toMatchObject({ status: 'RESOLVED' });
    expect(await h.load(soft)).toMatchObject({ status: 'RESOLVED' });
    for (const id of [undeliverable, hard]) {
      expect(await h.load(id)).toMatchObject({
        status: 'OPEN',
        resolution_attempts: 2,
        resolution_blocked: true,
        resolution_block_reason: 'Maximum resolution attempts (2) reached',
      });
    }
    const resolvedAttempts = await h.database.db
      .selectFrom('resolution_attempts')
      .selectAll()
      .where('exception_id', 'in', [swapped, soft])
      .execute();
    for (const attempt of resolvedAttempts) {
      expect(attempt).toMatchObject({ status: 'SUCCEEDED', decision_source: 'playbook' });
      expect(attempt.evidence).toEqual([expect.objectContaining({ isVerified: true })]);
    }
    const after = await countAutomation(h.database.db, TENANT);
    expect(after.actionsExecuted - before.actionsExecuted).toBe(6);
    expect(after.resolvedAutomatically - before.resolvedAutomatically).toBe(2);
  });

  it('a rejection blocks with the approver named; a decision without approver is refused', async () => {
    const id = await h.seed('STOCK_MISMATCH', { severity: 'HIGH' });
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.env.client.workflow.start(EXCEPTION_RESOLUTION_WORKFLOW, {
        taskQueue: TENANT,
        workflowId: exceptionResolutionWorkflowId(TENANT, id),
        args: [{ tenant: TENANT, exceptionId: id }],
        typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
      });
      expect((await h.decide(id, 'reject', { note: 'no approver' })).status).toBe(422);
      const rejected = await h.decide(id, 'reject', { approver: 'ops-lead', note: 'count is right' });
      expect(rejected.body.result).toMatchObject({
        outcome: 'rejected',
        escalated: false,
        decidedBy: 'ops-lead',
      });
      await handle.result();
      await saveHistory(handle, 'exceptionResolutionWorkflow-rejected');
    });
    expect(await h.load(id)).toMatchObject({
      approval_status: 'REJECTED',
      resolution_blocked: true,
      resolution_block_reason: 'Resolution rejected by ops-lead: count is right',
    });
  });
});

describe('approval timeout (time-skipping Temporal)', () => {
  const TENANT = 'exc-workflows-timer';
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(TENANT, 'exc_workflows_timer', createTimeSkippingEnvironment);
  });
  afterAll(async () => {
    await h.close();
  });

  it('escalates when no decision arrives within the escalation hours (durable timer)', async () => {
    const id = await h.seed('STOCK_MISMATCH', { severity: 'HIGH' });
    const worker = await h.worker();
    await worker.runUntil(async () => {
      const handle = await h.env.client.workflow.start(EXCEPTION_RESOLUTION_WORKFLOW, {
        taskQueue: TENANT,
        workflowId: exceptionResolutionWorkflowId(TENANT, id),
        args: [{ tenant: TENANT, exceptionId: id }],
      });
      await h.env.sleep('30 minutes');
      expect(await h.load(id)).toMatchObject({ escalation_level: 0, approval_status: 'PENDING' });
      await h.env.sleep('45 minutes'); // STOCK_MISMATCH escalates after 1 h
      expect(await h.load(id)).toMatchObject({
        severity: 'CRITICAL',
        escalation_level: 1,
        approval_status: 'PENDING',
      });
      const result = (await handle.result()) as ExceptionResolutionResult; // no decision within the grace period
      expect(result).toMatchObject({ outcome: 'no_decision', escalated: true });
      await saveHistory(handle, 'exceptionResolutionWorkflow-escalated');
    });
    const alerts = await h.database.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant', '=', TENANT)
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain('no approval decision within 1 h');
  });
});
