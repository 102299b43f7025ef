import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import type { z } from 'zod';
import type { ActivityDeps } from '../deps';
import { counter, histogram } from '../shared/metrics';
import {
  AI_SERVICE_BREAKER,
  allowsRequest,
  recordBreakerFailure,
  recordBreakerSuccess,
  type BreakerOptions,
} from './circuit-breaker';
import { hasTokenBudget, recordTokenUsage } from './token-budget';

export type AiTask = 'exception_analysis' | 'resolution_analysis' | 'order_analysis';

/** Why no model answer is available; `failed` means every retry failed (timeout, HTTP, malformed, schema). */
export type AiUnavailableReason = 'mode' | 'budget' | 'breaker_open' | 'failed';

export type AiResult<T> =
  | { kind: 'answer'; value: T; tokens: number; model: string }
  | { kind: 'unavailable'; reason: AiUnavailableReason; error?: string };

/** Thrown inside one try when the answer is unusable; the message is what gets stored and counted. */
class AiCallError extends Error {
  constructor(
    readonly failure: 'timeout' | 'http' | 'malformed' | 'schema',
    message: string,
  ) {
    super(message);
  }
}

function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  try {
    return JSON.parse(body);
  } catch {
    throw new AiCallError('malformed', `malformed JSON answer: ${body.slice(0, 120)}`);
  }
}

function classify(error: unknown): AiCallError {
  if (error instanceof AiCallError) return error;
  const err = error as { name?: string; statusCode?: number; message?: string; cause?: unknown };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /aborted|timeout/i.test(err.message ?? ''))
    return new AiCallError('timeout', 'timeout');
  if (typeof err.statusCode === 'number') return new AiCallError('http', `HTTP ${err.statusCode}`);
  return new AiCallError('http', err.message ?? 'request failed');
}

/** The OpenAI-compatible client: mode, budget and breaker checks, retries, validation, metrics. */
export function createLlmClient(deps: ActivityDeps) {
  const { settings, redis, logger } = deps;
  const breaker: BreakerOptions = {
    failureThreshold: settings.aiBreakerFailureThreshold,
    resetSeconds: settings.aiBreakerResetSeconds,
  };
  const requests = counter(deps.metrics, 'ai_requests_total', 'AI requests by task and outcome', [
    'tenant',
    'task',
    'outcome',
  ]);
  const failures = counter(deps.metrics, 'ai_failures_total', 'Failed AI calls by kind', [
    'tenant',
    'task',
    'failure',
  ]);
  const tokens = counter(deps.metrics, 'ai_tokens_total', 'Tokens used by AI calls', ['tenant', 'task']);
  const latency = histogram(
    deps.metrics,
    'ai_request_duration_seconds',
    'AI call latency',
    ['task'],
    [0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
  );
  const provider = createOpenAI({
    baseURL: settings.aiProviderBaseUrl,
    apiKey: settings.aiApiKey ?? 'missing-key',
  });
  const model = provider.chat(settings.aiModel);

  return {
    get enabled(): boolean {
      return settings.aiMode === 'smart' || settings.aiMode === 'full';
    },

    async complete<S extends z.ZodType>(
      tenant: string,
      task: AiTask,
      schema: S,
      prompt: string,
    ): Promise<AiResult<z.infer<S>>> {
      if (!this.enabled) return { kind: 'unavailable', reason: 'mode' };
      if (!(await hasTokenBudget(redis, tenant, deps.now(), settings.aiMaxDailyTokens))) {
        requests.inc({ tenant, task, outcome: 'budget_exhausted' });
        return { kind: 'unavailable', reason: 'budget' };
      }
      let lastError = 'unknown';
      for (let attempt = 1; attempt <= settings.aiRetryMaxAttempts; attempt++) {
        if (!(await allowsRequest(redis, AI_SERVICE_BREAKER, breaker, deps.now()))) {
          requests.inc({ tenant, task, outcome: 'breaker_open' });
          return { kind: 'unavailable', reason: 'breaker_open', error: lastError };
        }
        const stopTimer = latency.startTimer({ task });
        try {
          const result = await generateText({
            model,
            prompt,
            temperature: 0,
            maxRetries: 0,
            abortSignal: AbortSignal.timeout(settings.aiTimeoutSeconds * 1000),
          });
          const used = result.usage.totalTokens ?? 0;
          // Tokens are spent even when the answer turns out unusable.
          await recordTokenUsage(redis, tenant, deps.now(), used);
          tokens.inc({ tenant, task }, used);
          const parsed = schema.safeParse(extractJson(result.text));
          if (!parsed.success) {
            throw new AiCallError(
              'schema',
              `schema-invalid answer: ${parsed.error.issues
                .map((issue) => `${issue.path.join('.')} ${issue.message}`)
                .join('; ')
                .slice(0, 200)}`,
            );
          }
          await recordBreakerSuccess(redis, AI_SERVICE_BREAKER);
          requests.inc({ tenant, task, outcome: 'success' });
          return { kind: 'answer', value: parsed.data as z.infer<S>, tokens: used, model: settings.aiModel };
        } catch (error) {
          const failure = classify(error);
          lastError = failure.message;
          failures.inc({ tenant, task, failure: failure.failure });
          requests.inc({ tenant, task, outcome: 'failure' });
          await recordBreakerFailure(redis, AI_SERVICE_BREAKER, breaker, deps.now(), failure.message);
          logger.warn({ tenant, task, attempt, error: failure.message }, 'AI call failed');
        } finally {
          stopTimer();
        }
      }
      return { kind: 'unavailable', reason: 'failed', error: lastError };
    },
  };
}
export type LlmClient = ReturnType<typeof createLlmClient>;
