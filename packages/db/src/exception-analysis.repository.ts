import { sql } from 'kysely';
import { ACTIVE_EXCEPTION_STATUSES } from '@e2a/domain';
import type { Db } from './connection';
import { notQuarantined } from './quarantine.repository';

// The analyst's reads and writes: which exceptions still need an analysis, and the analyses written set-based.

export interface ExceptionsToAnalyzeFilter {
  tenant: string;
  createdSince: Date;
  /**
   * With AI on, NULL confidence means "reprocess" (until `maxAiRetries` are spent); in rules-only mode a
   * rule-written note is final and only unlabelled exceptions are picked.
   */
  isAiReprocessing: boolean;
  maxAiRetries: number;
  exceptionIds?: string[];
  afterId?: string;
  limit: number;
}

/** Active exceptions in the window without a usable analysis, by id pages. */
export async function findExceptionsToAnalyze(db: Db, filter: ExceptionsToAnalyzeFilter): Promise<string[]> {
  let query = db
    .selectFrom('exceptions')
    .select('id')
    .where('tenant', '=', filter.tenant)
    .where('status', 'in', [...ACTIVE_EXCEPTION_STATUSES])
    .where('created_at', '>=', filter.createdSince)
    .where(notQuarantined('exception_analysis', sql.ref('exceptions.tenant'), sql.ref('exceptions.id')))
    .orderBy('id')
    .limit(filter.limit);
  query = filter.isAiReprocessing
    ? query.where((eb) =>
        eb.or([
          eb('ai_label', 'is', null),
          eb.and([eb('ai_confidence', 'is', null), eb('enrichment_retry_count', '<', filter.maxAiRetries)]),
        ]),
      )
    : query.where('ai_label', 'is', null);
  if (filter.exceptionIds)
    query = query.where('id', 'in', filter.exceptionIds.length ? filter.exceptionIds : ['0']);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return (await query.execute()).map((row) => row.id);
}

export interface ExceptionAnalysisWrite {
  id: string;
  ai_label: string;
  ai_confidence: number | null;
  ops_note: string;
  client_note: string;
  block_reason: string | null;
  /** Counts against enrichment_retry_count (a failed or unconvincing AI answer). */
  spends_retry: boolean;
  analysis: Record<string, unknown>;
}

/**
 * Writes label, confidence and notes in one statement, keeps the analysis in `context_data.ai_analysis`, spends a
 * retry where asked, and blocks automation with the given reason unless the exception is already blocked. A rules
 * write (NULL confidence) leaves an exception that already carries an accepted model analysis untouched.
 */
export async function writeExceptionAnalyses(
  db: Db,
  tenant: string,
  writes: readonly ExceptionAnalysisWrite[],
  now: Date,
): Promise<void> {
  if (writes.length === 0) return;
  await sql`
    UPDATE exceptions e SET
      ai_label = u.ai_label,
      ai_confidence = u.ai_confidence,
      ops_note = u.ops_note,
      client_note = u.client_note,
      context_data = e.context_data || jsonb_build_object('ai_analysis', u.analysis),
      enrichment_retry_count = e.enrichment_retry_count + CASE WHEN u.spends_retry THEN 1 ELSE 0 END,
      resolution_blocked = e.resolution_blocked OR u.block_reason IS NOT NULL,
      resolution_block_reason = CASE WHEN NOT e.resolution_blocked AND u.block_reason IS NOT NULL
        THEN u.block_reason ELSE e.resolution_block_reason END,
      updated_at = ${now}
    FROM jsonb_to_recordset(${JSON.stringify(writes)}::jsonb) AS u(
      id bigint, ai_label text, ai_confidence double precision, ops_note text, client_note text,
      block_reason text, spends_retry boolean, analysis jsonb)
    WHERE e.id = u.id AND e.tenant = ${tenant}
      -- An accepted model analysis is never replaced by the rules' notes of a later failed or unconvincing call.
      AND (u.ai_confidence IS NOT NULL OR e.ai_confidence IS NULL)`.execute(db);
}
