import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/client';
import { addToDlq, type Db } from '@e2a/db';
import type { Logger } from '@e2a/telemetry';

/** The tenant of an activity call: every activity takes one object that names it. */
function tenantOf(args: unknown[]): string | null {
  const first = args[0] as { tenant?: unknown } | undefined;
  return typeof first?.tenant === 'string' ? first.tenant : null;
}

/** True when Temporal will not run this activity again: non-retryable, or the retry policy is spent. */
export function isFinalAttempt(
  context: { info: { attempt: number; retryPolicy?: { maximumAttempts?: number } } },
  error: unknown,
): boolean {
  if (error instanceof ApplicationFailure && (error as ApplicationFailure).nonRetryable) return true;
  const maximumAttempts = context.info.retryPolicy?.maximumAttempts ?? 0;
  return maximumAttempts > 0 && context.info.attempt >= maximumAttempts;
}

/** Dead-letters an activity payload that exhausted its retries, so `e2a dlq replay` can run it again. */
export function dlqActivityInterceptor(db: Db, logger: Logger): ActivityInterceptorsFactory {
  return (context) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (error) {
          if (isFinalAttempt(context, error)) {
            const { info } = context;
            const args = [...input.args];
            const workflowId = info.workflowExecution?.workflowId ?? 'standalone';
            const runId = info.workflowExecution?.runId ?? 'standalone';
            await addToDlq(db, {
              tenant: tenantOf(args),
              kind: 'activity',
              source: info.activityType,
              dedupeKey: `activity:${workflowId}:${runId}:${info.activityId}`,
              payload: {
                activity: info.activityType,
                args,
                workflowId,
                runId,
              },
              error: error instanceof Error ? error.message : String(error),
            }).catch((dlqError: unknown) =>
              logger.error({ err: dlqError, activity: info.activityType }, 'could not dead-letter activity'),
            );
          }
          throw error;
        }
      },
    };
    return { inbound };
  };
}
