import { createOpenAI } from '@ai-sdk/openai';
import {
  APICallError,
  generateText,
  NoObjectGeneratedError,
  Output,
  TypeValidationError,
  type LanguageModelUsage,
} from 'ai';
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

type AiFailure = 'timeout' | 'http' | 'malformed' | 'schema';

/** One failed attempt, classified for the `ai_failures_total` counter; the message is what gets stored. */
function classify(error: unknown): { failure: AiFailure; message: string } {
  if (NoObjectGeneratedError.isInstance(error)) {
    if (TypeValidationError.isInstance(error.cause)) {
      const issues = (
        error.cause.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined
      )?.issues;
      const detail = issues
        ? issues.map((issue) => `${issue.path.map(String).join('.')} ${issue.message}`).join('; ')
        : error.cause.message;
      return { failure: 'schema', message: `schema-invalid answer: ${detail.slice(0, 200)}` };
    }
    return { failure: 'malformed', message: `malformed JSON answer: ${(error.text ?? '').slice(0, 120)}` };
  }
  const err = error as { name?: string; statusCode?: number; message?: string };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /aborted|timeout/i.test(err.message ?? ''))
    return { failure: 'timeout', message: 'timeout' };
  if (APICallError.isInstance(error) && typeof error.statusCode === 'number')
    return { failure: 'http', message: `HTTP ${error.statusCode}` };
  return { failure: 'http', message: err.message ?? 'request failed' };
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
      const spendTokens = async (usage: LanguageModelUsage | undefined): Promise<number> => {
        const used = usage?.totalTokens ?? 0;
        await recordTokenUsage(redis, tenant, deps.now(), used);
        tokens.inc({ tenant, task }, used);
        return used;
      };
      // The SDK retries only transport errors; a timeout or an unusable answer is an attempt too, and every
      // attempt asks the shared breaker first, so the attempts are counted here.
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
            output: Output.object({ schema, name: task }),
            // The zod schema is the authority; a strict (OpenAI-only) schema would exclude other providers.
            providerOptions: { openai: { strictJsonSchema: false } },
            temperature: 0,
            maxRetries: 0,
            timeout: settings.aiTimeoutSeconds * 1000,
          });
          const used = await spendTokens(result.usage);
          await recordBreakerSuccess(redis, AI_SERVICE_BREAKER);
          requests.inc({ tenant, task, outcome: 'success' });
          return {
            kind: 'answer',
            value: result.output as z.infer<S>,
            tokens: used,
            model: settings.aiModel,
          };
        } catch (error) {
          // Tokens are spent even when the answer turns out unusable.
          if (NoObjectGeneratedError.isInstance(error)) await spendTokens(error.usage);
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
