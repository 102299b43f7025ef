import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, EvaluationChunkResult } from '@e2a/activities';
import {
  REALTIME_SHARD_MONITOR_WORKFLOW,
  realtimeShardMonitorWorkflowId,
  type RealtimeShardMonitorInput,
} from '@e2a/workflows/contracts';
import { saveHistory } from '../support/histories';
import { createTimeSkippingEnvironment } from '../support/temporal';

// The shard monitor with stub activities: a chunk's follow-up (AI order analysis) that fails for good is logged
// and the monitor goes on; before, it failed the monitor and stopped real-time detection for the whole shard.

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const chunk = (orderId: string): EvaluationChunkResult => ({
  ordersEvaluated: 1,
  breachesDetected: 0,
  exceptionsCreated: 0,
  exceptionsUpdated: 0,
  exceptionsAutoResolved: 0,
  problemsDetected: 0,
  createdExceptionIds: [],
  aiOrderAnalysisCandidates: [orderId],
  ordersQuarantined: 0,
  hasMore: false,
});

/** Stubs typed against the real factories, so a changed activity signature fails to compile here. */
function stubActivities(calls: string[]) {
  const backlog = ['o1', 'o2'];
  const activities: Pick<Activities, 'findDueTenants' | 'evaluateDueOrders' | 'analyzeOrdersWithAi'> = {
    findDueTenants: async () => ({
      dueTenants: backlog.length > 0 ? ['t1'] : [],
      nextDeadlineAt: null,
      tenantsWatched: 1,
    }),
    evaluateDueOrders: async ({ tenant }) => {
      const orderId = backlog.shift();
      calls.push(`evaluate:${tenant}:${orderId ?? '-'}`);
      return orderId ? chunk(orderId) : { ...chunk('-'), ordersEvaluated: 0, aiOrderAnalysisCandidates: [] };
    },
    analyzeOrdersWithAi: async ({ orderIds }) => {
      calls.push(`analyze:${orderIds.join(',')}`);
      throw ApplicationFailure.nonRetryable('the order analysis cannot store its answer', 'DataError');
    },
  };
  return activities;
}

it('a follow-up that fails for good is logged and the monitor keeps evaluating', async () => {
  const calls: string[] = [];
  const taskQueue = 'shard-stub';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('@e2a/workflows'),
    activities: stubActivities(calls),
  });
  const input: RealtimeShardMonitorInput = {
    shard: 0,
    shardCount: 1,
    wakeOnNotify: false,
    parallelEvaluations: 1,
  };
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(REALTIME_SHARD_MONITOR_WORKFLOW, {
      taskQueue,
      workflowId: realtimeShardMonitorWorkflowId(taskQueue, 0, 1),
      args: [input],
    });
    const deadline = Date.now() + 20_000;
    while (calls.length < 4 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toEqual(['evaluate:t1:o1', 'analyze:o1', 'evaluate:t1:o2', 'analyze:o2']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await saveHistory(handle, 'realtime-shard-monitor-follow-up-failed');
    await handle.terminate('test over');
  });
});
