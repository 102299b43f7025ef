import {
  MAX_ENRICHMENT_RETRIES,
  REASON_CODE_LIST,
  fallbackNotes,
  isReasonCode,
  lowConfidenceBlockReason,
  type ReasonCode,
} from '@e2a/domain';
import {
  findExceptionsToAnalyze,
  loadExceptionFacts,
  writeExceptionAnalyses,
  type ExceptionAnalysisWrite,
  type ExceptionFacts,
} from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { heartbeat } from '../shared/heartbeat';
import { isolateEach, isolateRecords } from '../shared/quarantine';
import { counter, histogram } from '../shared/metrics';
import { promptFacts } from './exception-context';
import { createLlmClient } from './llm-client';
import { PROMPTS, renderPrompt } from './prompts';
import { ExceptionAnalysisSchema } from './schemas';

export interface FindExceptionsInput {
  tenant: string;
  analysisHours: number;
  exceptionIds?: string[];
  afterId?: string;
  limit: number;
}

export interface AnalyzeExceptionsInput {
  tenant: string;
  exceptionIds: string[];
}

export interface AnalyzeExceptionsResult {
  analyzed: number;
  ai: number;
  fallback: number;
  lowConfidenceBlocked: number;
  aiFailures: number;
  /** Exceptions set aside in `quarantined_records` (kind `exception_analysis`) after a data error. */
  quarantined: number;
}

type AnalysisSource = 'ai' | 'fallback_low_confidence' | 'fallback_unavailable' | 'fallback_mode';

export function createExceptionAnalystActivities(deps: ActivityDeps) {
  const { db, settings } = deps;
  const llm = createLlmClient(deps);
  const analyzed = counter(deps.metrics, 'exceptions_analyzed_total', 'Exceptions analysed by source', [
    'tenant',
    'source',
  ]);
  const confidenceDistribution = histogram(
    deps.metrics,
    'ai_confidence_distribution',
    'Confidence of applied AI analyses',
    ['tenant'],
    [0.1, 0.3, 0.5, 0.55, 0.7, 0.8, 0.9, 1],
  );

  async function analyzeOne(
    facts: ExceptionFacts,
  ): Promise<{ write: ExceptionAnalysisWrite; source: AnalysisSource }> {
    const code: ReasonCode = isReasonCode(facts.reason_code) ? facts.reason_code : 'OTHER';
    const fallback = fallbackNotes(code);
    const base = {
      id: facts.id,
      ...fallback,
      ai_label: fallback.label,
      ai_confidence: null,
      block_reason: null,
    };
    if (!llm.enabled) {
      return {
        source: 'fallback_mode',
        write: { ...base, spends_retry: false, analysis: { source: 'rules', mode: settings.aiMode } },
      };
    }
    // A chunk of slow model calls outlasts the heartbeat timeout; a timed-out attempt would be retried and race this one.
    heartbeat({ exceptionId: facts.id, step: 'exception_analysis' });
    const prompt = renderPrompt('exceptionAnalysis', {
      ...promptFacts(facts),
      reason_codes: REASON_CODE_LIST.join(', '),
    });
    const result = await llm.complete(facts.tenant, 'exception_analysis', ExceptionAnalysisSchema, prompt);
    if (result.kind === 'unavailable') {
      return {
        source: 'fallback_unavailable',
        write: {
          ...base,
          spends_retry: result.reason === 'failed',
          analysis: { source: 'rules', ai_unavailable: result.reason, error: result.error ?? null },
        },
      };
    }
    const answer = result.value;
    const meta = { prompt_version: PROMPTS.exceptionAnalysis, model: result.model, tokens: result.tokens };
    if (answer.confidence >= settings.aiMinConfidence) {
      confidenceDistribution.observe({ tenant: facts.tenant }, answer.confidence);
      return {
        source: 'ai',
        write: {
          id: facts.id,
          ai_label: answer.label,
          ai_confidence: answer.confidence,
          ops_note: answer.ops_note,
          client_note: answer.client_note,
          block_reason: null,
          spends_retry: false,
          analysis: {
            source: 'ai',
            ...meta,
            root_cause_analysis: answer.root_cause_analysis,
            recommendations: answer.recommendations,
            priority_factors: answer.priority_factors,
            reasoning: answer.reasoning,
          },
        },
      };
    }
    // Below AI_MIN_CONFIDENCE the rules write the notes; below the block threshold a human must look.
    const isBlocking = answer.confidence < settings.lowConfidenceBlockThreshold;
    return {
      source: 'fallback_low_confidence',
      write: {
        ...base,
        // An unconvincing answer spends a retry too, so tokens are not spent on it forever.
        spends_retry: true,
        block_reason: isBlocking ? lowConfidenceBlockReason(answer.confidence) : null,
        analysis: { source: 'rules', ...meta, rejected_ai_confidence: answer.confidence },
      },
    };
  }

  return {
    /** Active exceptions in the window that have no usable analysis yet, by id pages. */
    async findExceptionsToAnalyze(input: FindExceptionsInput): Promise<string[]> {
      if (settings.aiMode === 'disabled') return [];
      // In rules-only mode a rule-written note is final; with AI on, NULL confidence means "reprocess" (§8).
      return findExceptionsToAnalyze(db, {
        tenant: input.tenant,
        createdSince: new Date(deps.now().getTime() - input.analysisHours * 3_600_000),
        isAiReprocessing: llm.enabled,
        maxAiRetries: MAX_ENRICHMENT_RETRIES,
        ...(input.exceptionIds ? { exceptionIds: input.exceptionIds } : {}),
        ...(input.afterId ? { afterId: input.afterId } : {}),
        limit: input.limit,
      });
    },

    /**
     * Analyses a chunk (AI or rules) and writes label, confidence and notes set-based. An exception whose analysis
     * or write fails with a data error is quarantined; the rest of the chunk is written.
     */
    async analyzeExceptions(input: AnalyzeExceptionsInput): Promise<AnalyzeExceptionsResult> {
      const facts = await loadExceptionFacts(db, input.tenant, input.exceptionIds);
      const scope = { tenant: input.tenant, kind: 'exception_analysis' as const };
      const analysed = await isolateEach(deps, {
        ...scope,
        records: facts,
        keyOf: (record) => record.id,
        concurrency: llm.enabled ? 16 : 1,
        run: analyzeOne,
      });
      // The model is asked once: a write that fails falls back to one row at a time, not to a new analysis.
      const written = await isolateRecords(deps, {
        ...scope,
        records: analysed.outputs,
        keyOf: (result) => result.write.id,
        run: async (chunk) => {
          await writeExceptionAnalyses(
            db,
            input.tenant,
            chunk.map((result) => result.write),
            deps.now(),
          );
          return chunk;
        },
      });
      const results = written.outputs.flat();
      const summary: AnalyzeExceptionsResult = {
        analyzed: results.length,
        ai: 0,
        fallback: 0,
        lowConfidenceBlocked: 0,
        aiFailures: 0,
        quarantined: analysed.quarantined.length + written.quarantined.length,
      };
      for (const result of results) {
        analyzed.inc({ tenant: input.tenant, source: result.source });
        if (result.source === 'ai') summary.ai += 1;
        else summary.fallback += 1;
        if (result.write.block_reason) summary.lowConfidenceBlocked += 1;
        if (result.source === 'fallback_unavailable' && result.write.spends_retry) summary.aiFailures += 1;
      }
      return summary;
    },
  };
}
