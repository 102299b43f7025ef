import type { ExceptionFacts } from '@e2a/db';
import { redactPii } from './redact';

/** Breach facts and redacted context/order for a prompt. */
export function promptFacts(facts: ExceptionFacts): Record<string, unknown> {
  const context = facts.context_data ?? {};
  return {
    reason_code: facts.reason_code,
    severity: facts.severity,
    status: facts.status,
    order_id: facts.order_id,
    actual_minutes: context.actual_minutes,
    sla_minutes: context.sla_minutes,
    delay_minutes: context.delay_minutes,
    window: context.window,
    resolution_attempts: facts.resolution_attempts,
    max_resolution_attempts: facts.max_resolution_attempts,
    context: redactPii(context),
    order: redactPii(facts.order_data ?? {}),
  };
}
