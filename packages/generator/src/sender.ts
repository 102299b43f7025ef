import { signWebhook } from '@e2a/http';
import type { Delivery } from './delivery-plan';

// Sends planned deliveries to the gateway as signed webhooks, with bounded concurrency and polite retries.

export interface SendOptions {
  gatewayUrl: string;
  tenant: string;
  webhookSecret: string;
  /** `batch` posts to /ingest/batch; `single` posts each event to /ingest/<source>. */
  mode?: 'batch' | 'single';
  batchSize?: number;
  concurrency?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  requestTimeoutMs?: number;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Stop sending after this many chunks in a row fail entirely (gateway down); the rest count as errors. */
  stopAfterConsecutiveFailures?: number;
  /** Called after each request settles with the number of deliveries it carried. */
  onProgress?: (deliveries: number) => void;
}

export interface SendError {
  status: number | null;
  code: string;
  message: string;
}

export interface SendSummary {
  deliveries: number;
  accepted: number;
  duplicate: number;
  errors: number;
  requests: number;
  retries: number;
  durationMs: number;
  /** Up to 10 distinct failures, for the operator. */
  errorSamples: SendError[];
}

const RETRYABLE_STATUS = new Set([429, 503]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as `Retry-After` allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

type Outcome = { accepted: number; duplicate: number; errors: number; error?: SendError };

function countResults(body: unknown, size: number, status: number): Outcome {
  const record = (body ?? {}) as Record<string, unknown>;
  if (Array.isArray(record.results)) {
    const outcome: Outcome = { accepted: 0, duplicate: 0, errors: 0 };
    for (const result of record.results as {
      status?: string;
      error?: { code?: string; message?: string };
    }[]) {
      if (result.status === 'accepted') outcome.accepted += 1;
      else if (result.status === 'duplicate') outcome.duplicate += 1;
      else {
        outcome.errors += 1;
        outcome.error ??= {
          status,
          code: result.error?.code ?? String(result.status ?? 'rejected'),
          message: result.error?.message ?? 'event rejected in batch',
        };
      }
    }
    return outcome;
  }
  const accepted = Number(record.accepted ?? NaN);
  const duplicate = Number(record.duplicates ?? record.duplicate ?? NaN);
  if (Number.isFinite(accepted) && Number.isFinite(duplicate)) {
    return { accepted, duplicate, errors: Math.max(0, size - accepted - duplicate) };
  }
  const single =
    typeof record.status === 'string' ? record.status : status === 200 ? 'duplicate' : 'accepted';
  return single === 'duplicate'
    ? { accepted: 0, duplicate: size, errors: 0 }
    : { accepted: size, duplicate: 0, errors: 0 };
}

/** The `/ingest/batch` body: each event's envelope with its source. */
export function batchRequestBody(deliveries: Delivery[]) {
  return { events: deliveries.map((delivery) => ({ source: delivery.source, ...delivery.envelope })) };
}

/** Sends every delivery once (retrying transient failures) and counts what the gateway answered. */
export async function sendDeliveries(deliveries: Delivery[], options: SendOptions): Promise<SendSummary> {
  const mode = options.mode ?? 'batch';
  const batchSize = mode === 'batch' ? (options.batchSize ?? 200) : 1;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 6;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const base = options.gatewayUrl.replace(/\/+$/, '');
  const started = Date.now();
  const summary: SendSummary = {
    deliveries: deliveries.length,
    accepted: 0,
    duplicate: 0,
    errors: 0,
    requests: 0,
    retries: 0,
    durationMs: 0,
    errorSamples: [],
  };
  const noteError = (error: SendError) => {
    if (summary.errorSamples.length >= 10) return;
    if (summary.errorSamples.some((seen) => seen.code === error.code && seen.message === error.message))
      return;
    summary.errorSamples.push(error);
  };

  const chunks: Delivery[][] = [];
  for (let start = 0; start < deliveries.length; start += batchSize)
    chunks.push(deliveries.slice(start, start + batchSize));

  const sendChunk = async (chunk: Delivery[]): Promise<Outcome> => {
    const first = chunk[0]!;
    const url = mode === 'batch' ? `${base}/ingest/batch` : `${base}/ingest/${first.source}`;
    const rawBody = JSON.stringify(mode === 'batch' ? batchRequestBody(chunk) : first.envelope);
    let lastError: SendError = { status: null, code: 'not_sent', message: 'no attempt made' };
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) summary.retries += 1;
      summary.requests += 1;
      let retryAfterMs: number | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-tenant-id': options.tenant,
            // Signed at send time: a retry after a long back-off still falls inside the gateway's tolerance.
            'x-e2a-signature': signWebhook(
              options.webhookSecret,
              rawBody,
              Math.floor(clock().getTime() / 1000),
            ),
          },
          body: rawBody,
          signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
        });
        const text = await response.text();
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        if (response.ok) return countResults(body, chunk.length, response.status);
        // Too large for the gateway's body limit: halve the batch rather than give up on it.
        if (response.status === 413 && chunk.length > 1) {
          const half = Math.ceil(chunk.length / 2);
          const [left, right] = [await sendChunk(chunk.slice(0, half)), await sendChunk(chunk.slice(half))];
          return {
            accepted: left.accepted + right.accepted,
            duplicate: left.duplicate + right.duplicate,
            errors: left.errors + right.errors,
            ...((left.error ?? right.error) ? { error: (left.error ?? right.error)! } : {}),
          };
        }
        const errorBody = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        lastError = {
          status: response.status,
          code: errorBody?.code ?? `http_${response.status}`,
          message: errorBody?.message ?? (text.slice(0, 200) || response.statusText),
        };
        if (!RETRYABLE_STATUS.has(response.status)) break;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock());
      } catch (error) {
        lastError = {
          status: null,
          code: 'network_error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
      if (attempt === maxAttempts) break;
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      await sleep(Math.min(maxDelayMs, Math.max(retryAfterMs ?? 0, jittered)));
    }
    return { accepted: 0, duplicate: 0, errors: chunk.length, error: lastError };
  };

  // An unreachable gateway is not retried chunk after chunk for minutes: stop after a few chunks fail in a row.
  const stopAfter = options.stopAfterConsecutiveFailures ?? 3;
  let consecutiveFailures = 0;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length && consecutiveFailures < stopAfter) {
      const chunk = chunks[next]!;
      next += 1;
      const outcome = await sendChunk(chunk);
      consecutiveFailures =
        outcome.errors === chunk.length && outcome.error?.status !== 401 && outcome.error?.status !== 422
          ? consecutiveFailures + 1
          : 0;
      summary.accepted += outcome.accepted;
      summary.duplicate += outcome.duplicate;
      summary.errors += outcome.errors;
      if (outcome.error) noteError(outcome.error);
      options.onProgress?.(chunk.length);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 4, chunks.length));
  await Promise.all(Array.from({ length: lanes }, () => worker()));
  const unsent = chunks.slice(next).reduce((sum, chunk) => sum + chunk.length, 0);
  if (unsent > 0) {
    summary.errors += unsent;
    noteError({
      status: null,
      code: 'stopped',
      message: `stopped after ${stopAfter} consecutive failed requests; ${unsent} deliveries not sent`,
    });
  }
  summary.durationMs = Date.now() - started;
  return summary;
}
