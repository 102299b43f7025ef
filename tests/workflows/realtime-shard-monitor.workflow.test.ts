import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities, EvaluationChunkResult } from '@e2a/activities';
import {
  REALTIME_SHARD_MONITOR_WORKFLOW,
  realtimeShardMonitorWorkflowId,
  type RealtimeShardMonitorInput,
} from '@e2a/workflows/contracts';
import { recordHistory, saveHistory } from '../support/histories';
import { createTimeSkippingEnvironment } from '../support/temporal';

// The shard monitor with stub activities. A chunk's follow-up (AI order analysis) that fails for good is logged
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

/** Runs a shard monitor with stub activities on its own task queue, hands its handle to `body`, then ends it. */
async function withShardMonitor(
  taskQueue: string,
  activities: Partial<Activities>,
  input: RealtimeShardMonitorInput,
  body: (handle: WorkflowHandle) => Promise<void>,
): Promise<void> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('@e2a/workflows'),
    activities,
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(REALTIME_SHARD_MONITOR_WORKFLOW, {
      taskQueue,
      workflowId: realtimeShardMonitorWorkflowId(taskQueue, 0, 1),
      args: [input],
    });
    await body(handle);
    await handle.terminate('test over');
  });
}

/** Polls until `isDone` holds or 20 s pass (the assertions after it say what was missing). */
async function waitUntil(isDone: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!isDone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

it('a follow-up that fails for good is logged and the monitor keeps evaluating', async () => {
  const calls: string[] = [];
  const input: RealtimeShardMonitorInput = {
    shard: 0,
    shardCount: 1,
    wakeOnNotify: false,
    parallelEvaluations: 1,
  };
  await withShardMonitor('shard-stub', stubActivities(calls), input, async (handle) => {
    await waitUntil(() => calls.length >= 4);
    expect(calls).toEqual(['evaluate:t1:o1', 'analyze:o1', 'evaluate:t1:o2', 'analyze:o2']);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await saveHistory(handle, 'realtime-shard-monitor-follow-up-failed');
  });
});

/**
 * Tenants due per round and what each of their chunks says: `a` has a backlog in round 1 (its chunks come back
 * full), then fits in one chunk; `b` always fits in one. Round 4 finds nothing due, and the monitor waits.
 */
function pacedActivities(calls: string[]) {
  let round = 0;
  const activities: Pick<Activities, 'findDueTenants' | 'evaluateDueOrders'> = {
    findDueTenants: async () => {
      round += 1;
      return { dueTenants: round <= 3 ? ['a', 'b'] : [], nextDeadlineAt: null, tenantsWatched: 2 };
    },
    evaluateDueOrders: async ({ tenant }) => {
      calls.push(`${round}:${tenant}`);
      const isFull = tenant === 'a' && round === 1;
      return {
        ...chunk('-'),
        ordersEvaluated: isFull ? 2_000 : 10,
        aiOrderAnalysisCandidates: [],
        hasMore: isFull,
      };
    },
  };
  return activities;
}

it('a steady stream is taken in paced rounds, a backlog at once, and spare lanes go to the tenant with the backlog', async () => {
  const calls: string[] = [];
  const input: RealtimeShardMonitorInput = {
    shard: 0,
    shardCount: 1,
    wakeOnNotify: false,
    parallelEvaluations: 4,
    minRoundSeconds: 2,
  };
  await withShardMonitor('shard-paced', pacedActivities(calls), input, async (handle) => {
    await waitUntil(() => calls.filter((call) => call.startsWith('3:')).length >= 2);
    // Round 1 knows nothing yet: lanes spread evenly. Round 2: `a`'s chunks came back full, so it gets the spare
    // lanes and `b` one. Round 3: neither has a backlog, one lane each (no chunk activity that would find nothing).
    expect([...calls].sort()).toEqual(['1:a', '1:a', '1:b', '1:b', '2:a', '2:a', '2:a', '2:b', '3:a', '3:b']);

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const activityOf = (index: number) =>
      events[index]?.activityTaskScheduledEventAttributes?.activityType?.name ?? null;
    const lookups = events.flatMap((_, index) => (activityOf(index) === 'findDueTenants' ? [index] : []));
    const timersBetween = (from: number, to: number) =>
      events.slice(from, to).flatMap((event) => {
        const timeout = event.timerStartedEventAttributes?.startToFireTimeout;
        return timeout ? [Number(timeout.seconds ?? 0) + (timeout.nanos ?? 0) / 1e9] : [];
      });
    // After the backlog round the next look follows at once; after a round of a steady stream, a timer paces it to
    // one second from the round's start (`minRoundSeconds` 2 is longer, so the one-second pace applies).
    expect(timersBetween(lookups[0] as number, lookups[1] as number)).toEqual([]);
    const pace = timersBetween(lookups[1] as number, lookups[2] as number);
    expect(pace).toHaveLength(1);
    expect(pace[0]).toBeGreaterThan(0);
    expect(pace[0]).toBeLessThanOrEqual(1);
    recordHistory(history, 'realtime-shard-monitor-paced-rounds');
  });
});
