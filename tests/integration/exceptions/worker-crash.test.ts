import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AI_SERVICE_BREAKER, resetBreaker } from '@e2a/circuit-breaker';
import { loadTestConfig } from '@e2a/config';
import { closeServer, listen } from '@e2a/http';
import { createPartnerSimulatorApp } from '@e2a/partner-simulator';
import {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  type ExceptionManagementResult,
} from '@e2a/workflows/contracts';
import { createTestDatabase, createTestTenant, type TestDatabase } from '../../support/db';
import { createTestRedis, type TestRedis } from '../../support/redis';
import { createLocalEnvironment } from '../../support/temporal';
import { projectRoot } from '../../support/paths';
import { llmAnswers, startFakeLlmServer, type FakeLlmServer } from '../../support/fake-llm-server';
import { seedException } from '../../support/exceptions-fixtures';

const TENANT = 'exc-worker-crash';

function startWorkerProcess(options: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '..', '..', 'support', 'exceptions-worker-process.ts'),
      JSON.stringify(options),
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker-ready')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`worker exited early (${code}): ${output.slice(-2000)}`)));
  });
}

const waitFor = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not reached in time');
};

describe('a worker killed during a resolution attempt', () => {
  let env: TestWorkflowEnvironment;
  let database: TestDatabase;
  let redis: TestRedis;
  let llm: FakeLlmServer;
  let partner: { server: Server; port: number };
  const workers: ChildProcess[] = [];
  let partnerCalls = 0;
  let holdPartner = true;
  let releaseHeld: (() => void) | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('exc_worker_crash');
    redis = await createTestRedis();
    await resetBreaker(redis, AI_SERVICE_BREAKER);
    llm = await startFakeLlmServer();
    llm.setDefault((request) =>
      request.prompt.includes('can be resolved automatically')
        ? { kind: 'json', body: llmAnswers.resolution() }
        : { kind: 'json', body: llmAnswers.exception({ label: 'ADDRESS_INVALID' }) },
    );
    // The first address call is held open until the worker making it has been killed.
    partner = await listen(
      createPartnerSimulatorApp({
        beforeRequest: async (req) => {
          if (!req.path.startsWith('/address')) return;
          // The success check re-validates the corrected address; only the action's calls are counted here.
          if (String(req.headers['idempotency-key'] ?? '').endsWith(':verify')) return;
          partnerCalls += 1;
          if (holdPartner) await new Promise<void>((resolve) => (releaseHeld = resolve));
        },
      }),
      0,
      '127.0.0.1',
    );
    const base = `http://127.0.0.1:${partner.port}`;
    await createTestTenant(database.db, TENANT, { partnerEndpoints: { address: base } });
    env = await createLocalEnvironment();
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    releaseHeld?.();
    await env.teardown();
    await closeServer(partner.server);
    await llm.close();
    await redis.quit();
    await database.destroy();
  });

  it('leaves exactly one attempt row and counts the attempt once', async () => {
    const exceptionId = await seedException(database.db, {
      tenant: TENANT,
      orderId: 'ORD-CRASH-1',
      reasonCode: 'ADDRESS_INVALID',
      orderData: { shipping_address: { city: 'Springfield', zip: '62074' } },
      context: { source: 'order_problem_rules' },
    });
    const workerOptions = {
      databaseUrl: database.url,
      redisUrl: loadTestConfig().REDIS_URL,
      temporalAddress: env.address,
      namespace: env.namespace ?? 'default',
      taskQueue: TENANT,
      llmUrl: llm.url,
    };
    const first = await startWorkerProcess(workerOptions);
    workers.push(first);
    const handle = await env.client.workflow.start(EXCEPTION_MANAGEMENT_WORKFLOW, {
      taskQueue: TENANT,
      workflowId: exceptionManagementWorkflowId(TENANT, `prompt-${exceptionId}`),
      args: [{ tenant: TENANT, exceptionIds: [exceptionId] }],
      typedSearchAttributes: flowSearchAttributes(TENANT, 'exception-management'),
    });

    await waitFor(async () => partnerCalls === 1, 60_000);
    const counted = await database.db.selectFrom('resolution_attempts').selectAll().execute();
    expect(counted).toEqual([expect.objectContaining({ attempt_number: 1, status: 'STARTED' })]);
    expect(
      await database.db
        .selectFrom('exceptions')
        .select('resolution_attempts')
        .where('id', '=', exceptionId)
        .executeTakeFirst(),
    ).toEqual({ resolution_attempts: 1 });

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    holdPartner = false;
    releaseHeld?.();

    workers.push(await startWorkerProcess(workerOptions));
    const result = (await handle.result()) as ExceptionManagementResult;
    expect(result.resolution).toMatchObject({ attempted: 1, resolved: 1 });
    expect(partnerCalls).toBe(2);

    const attempts = await database.db.selectFrom('resolution_attempts').selectAll().execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      attempt_number: 1,
      status: 'SUCCEEDED',
      idempotency_key: counted[0]!.idempotency_key,
    });
    expect(
      await database.db
        .selectFrom('exceptions')
        .select(['resolution_attempts', 'status'])
        .where('id', '=', exceptionId)
        .executeTakeFirst(),
    ).toEqual({ resolution_attempts: 1, status: 'RESOLVED' });
  }, 180_000);
});
