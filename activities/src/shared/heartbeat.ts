import { Context } from '@temporalio/activity';

/** Heartbeats when running inside an activity; a no-op when called directly (benchmarks, scripts). */
export function heartbeat(details?: unknown): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.heartbeat(details);
}
