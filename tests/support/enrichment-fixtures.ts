import type { EnrichmentStages, StageOutcome } from '@e2a/activities';
import { sql, type Db } from '@e2a/db';

/** What a scripted classification does on one call: throw, leave the fallback (NULL confidence) or set a confidence. */
export type ClassificationStep = 'throw' | 'fallback' | number;

/**
 * Test implementation of the stage-runner interface (the AI analyst's seam): it writes real rows, following a
 * per-exception script, and records the order of calls.
 */
export function scriptedStages(db: Db, script: Record<string, ClassificationStep[]>) {
  const calls: string[] = [];
  const cursor = new Map<string, number>();
  const stages: EnrichmentStages = {
    async analyzeOrder(tenant, orderId): Promise<StageOutcome> {
      calls.push(`order_analysis:${orderId}`);
      void tenant;
      return { status: 'COMPLETED' };
    },
    async classifyException(tenant, exceptionId): Promise<StageOutcome> {
      calls.push(`classification:${exceptionId}`);
      const steps = script[exceptionId] ?? [0.9];
      const index = cursor.get(exceptionId) ?? 0;
      cursor.set(exceptionId, index + 1);
      const step = steps[Math.min(index, steps.length - 1)];
      if (step === 'throw') throw new Error('AI provider timed out');
      await db
        .updateTable('exceptions')
        .set({
          ai_label: sql<string>`reason_code`,
          ai_confidence: step === 'fallback' ? null : (step as number),
          updated_at: sql<Date>`now()`,
        })
        .where('tenant', '=', tenant)
        .where('id', '=', exceptionId)
        .execute();
      return { status: 'COMPLETED' };
    },
    async automateException(tenant, exceptionId): Promise<StageOutcome> {
      calls.push(`automation:${exceptionId}`);
      void tenant;
      return { status: 'COMPLETED' };
    },
  };
  return { stages, calls };
}

export async function insertException(
  db: Db,
  tenant: string,
  orderId: string,
  overrides: {
    reason_code?: string;
    status?: string;
    ai_label?: string | null;
    ai_confidence?: number | null;
    created_at?: Date;
    updated_at?: Date;
  } = {},
): Promise<string> {
  const row = await db
    .insertInto('exceptions')
    .values({
      tenant,
      order_id: orderId,
      reason_code: overrides.reason_code ?? 'PICK_DELAY',
      severity: 'MEDIUM',
      status: overrides.status ?? 'OPEN',
      ai_label: overrides.ai_label ?? null,
      ai_confidence: overrides.ai_confidence ?? null,
      context_data: '{}',
      ...(overrides.created_at ? { created_at: overrides.created_at } : {}),
      ...(overrides.updated_at ? { updated_at: overrides.updated_at } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
