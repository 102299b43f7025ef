import { randomUUID } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { GatewayConfig } from '@e2a/config';
import type { IngestResult } from '@e2a/db';
import { TENANT_ID_PATTERN, sourceOfEventType, type NormalizedEvent } from '@e2a/domain';
import {
  HttpError,
  SHOPIFY_HMAC_HEADER,
  SHOPIFY_WEBHOOK_ID_HEADER,
  SIGNATURE_HEADER,
  isFreshTimestamp,
  parseSignatureHeader,
  verifyShopifyHmac,
  verifyWebhookSignature,
  validationFailed,
  type RequestContextLocals,
} from '@e2a/http';
import type { Logger } from '@e2a/telemetry';
import { isDatabaseUnavailable, isDataError } from './database-errors';
import type { EventCommitter } from './group-commit';
import type { IdempotencyStore, RememberedEvent } from './idempotency';
import type { IngestLabels, IngestMetrics } from './ingest-metrics';
import { parseEvent, sourceOf, type IngestLimits, type IngestRoute } from './parse-events';
import type { RateLimiter } from './rate-limiter';
import { acceptedSecrets, type TenantSecretCache } from './tenant-secrets';

export interface IngestDeps {
  config: Pick<
    GatewayConfig,
    | 'MAX_REQUEST_BODY_BYTES'
    | 'SIGNATURE_TOLERANCE_SECONDS'
    | 'MAX_BATCH_EVENTS'
    | 'RATE_LIMIT_PER_TENANT_PER_SECOND'
    | 'INGEST_MAX_FUTURE_SKEW'
    | 'INGEST_MIN_OCCURRED_AT'
    | 'INGEST_MAX_JSON_DEPTH'
  >;
  logger: Logger;
  committer: EventCommitter;
  secrets: TenantSecretCache;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  metrics: IngestMetrics;
  now: () => Date;
}

interface IngestLocals extends RequestContextLocals {
  startedAt: bigint;
  labels: IngestLabels;
}

const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
// A stand-in secret for unknown tenants so their answer takes as long as a wrong signature's.
const UNKNOWN_TENANT_SECRET = randomUUID();

const locals = (res: Response) => res.locals as IngestLocals;

function unauthorized(toleranceSeconds: number): HttpError {
  // One answer for a missing, malformed, stale or wrong signature and for an unknown tenant.
  return new HttpError('unauthorized', 'Missing, invalid or expired webhook signature', [
    {
      path: `headers.${SIGNATURE_HEADER}`,
      rule: `must be t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with the tenant's webhook secret, within ${toleranceSeconds} s of now`,
    },
  ]);
}

function tenantDisabled(tenant: string): HttpError {
  return new HttpError('tenant_disabled', `Tenant ${tenant} is disabled; nothing was stored`, [
    { path: 'headers.x-tenant-id', rule: 'must be an active tenant' },
  ]);
}

function unavailable(): HttpError {
  return new HttpError(
    'unavailable',
    'The event store is temporarily unavailable; nothing was stored, retry later',
    [],
    { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
  );
}

async function orUnavailable<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw unavailable();
    throw error;
  }
}

// Validation should stop every value Postgres refuses; should one slip through, the client learns it was refused.
function notStorable(error: unknown, path = '(body)'): HttpError {
  const reason = error instanceof Error ? error.message : String(error);
  return validationFailed([{ path, rule: `could not be stored: ${reason}` }]);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

interface ParsedBody {
  body: unknown;
  hadInvalidUtf8: boolean;
}

function mediaTypeOf(req: Request): string | undefined {
  return req.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
}

const isJsonMediaType = (type: string | undefined) =>
  type === 'application/json' || (type !== undefined && /^application\/[\w.+-]+\+json$/.test(type));

const eventTypeLabel = (value: unknown) =>
  typeof value === 'string' && sourceOfEventType(value) ? value : 'unknown';

export function createIngestRouter(deps: IngestDeps): Router {
  const { config } = deps;
  const router = express.Router();
  const rawBody = express.raw({ type: () => true, limit: config.MAX_REQUEST_BODY_BYTES });

  // Cheap checks before the body is read: tenant header, correlation id, content type.
  const prelude: RequestHandler = (req, res, next) => {
    // requestContext (app.ts) chose the correlation id; a presented one it could not keep is refused below.
    const presented = req.get('x-correlation-id');
    let correlationId = (res.locals as Partial<RequestContextLocals>).correlationId;
    if (!correlationId) {
      correlationId = randomUUID();
      res.setHeader('X-Correlation-Id', correlationId);
    }
    res.locals.startedAt = process.hrtime.bigint();
    res.locals.correlationId = correlationId;
    res.locals.labels = {
      tenant: 'unknown',
      source: 'unknown',
      event_type: 'unknown',
    } satisfies IngestLabels;

    const tenant = req.get('x-tenant-id');
    if (!tenant) {
      throw new HttpError('invalid_tenant', 'X-Tenant-Id header is required', [
        { path: 'headers.x-tenant-id', rule: 'is required' },
      ]);
    }
    if (!TENANT_ID_PATTERN.test(tenant)) {
      throw new HttpError('invalid_tenant', 'X-Tenant-Id header is invalid', [
        { path: 'headers.x-tenant-id', rule: 'must be 1-64 characters of letters, digits, "_" or "-"' },
      ]);
    }
    if (presented !== undefined && presented !== correlationId) {
      throw new HttpError('bad_request', 'X-Correlation-Id header is invalid', [
        { path: 'headers.x-correlation-id', rule: 'must be 1-128 visible ASCII characters' },
      ]);
    }
    if (!isJsonMediaType(mediaTypeOf(req))) {
      throw new HttpError('unsupported_media_type', 'Request body must be JSON', [
        { path: 'headers.content-type', rule: 'must be application/json' },
      ]);
    }
    next();
  };

  /** The tenant's accepted secrets (a stand-in for an unknown tenant, so its answer takes as long). */
  async function secretsOf(tenant: string) {
    const credentials = await orUnavailable(deps.secrets.get(tenant));
    return {
      credentials,
      secrets: credentials ? acceptedSecrets(credentials, deps.now().getTime()) : [UNKNOWN_TENANT_SECRET],
    };
  }

  // Every candidate is checked so timing does not tell which secret matched.
  const matchesAny = (secrets: string[], verify: (secret: string) => boolean) =>
    secrets.map(verify).reduce((matched, isValid) => matched || isValid, false);

  async function authenticate(route: IngestRoute, req: Request, tenant: string, raw: Buffer) {
    const tolerance = config.SIGNATURE_TOLERANCE_SECONDS;
    const signature = req.get(SIGNATURE_HEADER);
    const shopifyHmac = req.get(SHOPIFY_HMAC_HEADER);
    let scheme: 'e2a' | 'shopify';
    let verify: (secret: string) => boolean;
    if (signature) {
      const parsed = parseSignatureHeader(signature);
      if (!parsed) throw unauthorized(tolerance);
      if (!isFreshTimestamp(parsed.timestamp, deps.now().getTime() / 1000, tolerance)) {
        deps.logger.info({ tenant, timestamp: parsed.timestamp }, 'stale webhook signature');
        throw unauthorized(tolerance);
      }
      scheme = 'e2a';
      verify = (secret) => verifyWebhookSignature(secret, parsed, raw);
    } else if (shopifyHmac && (route === 'shopify' || route === 'events')) {
      scheme = 'shopify';
      verify = (secret) => verifyShopifyHmac(secret, shopifyHmac, raw);
    } else {
      throw unauthorized(tolerance);
    }
    const { credentials, secrets } = await secretsOf(tenant);
    const isValid = matchesAny(secrets, verify);
    if (!credentials || !isValid) throw unauthorized(tolerance);
    // Only an authenticated sender learns that the tenant is disabled.
    if (credentials.isDisabled) throw tenantDisabled(tenant);
    return scheme;
  }

  // Invalid UTF-8 is decoded with replacement characters so the fields it broke can be named, then rejected.
  function parseJson(raw: Buffer): ParsedBody {
    let text: string;
    let hadInvalidUtf8 = false;
    try {
      text = utf8.decode(raw);
    } catch {
      text = raw.toString('utf8');
      hadInvalidUtf8 = true;
    }
    try {
      if (raw.length === 0) throw new Error('empty body');
      return { body: JSON.parse(text), hadInvalidUtf8 };
    } catch {
      throw new HttpError('malformed_json', 'Request body is not valid JSON', [
        { path: '(body)', rule: hadInvalidUtf8 ? 'must be valid UTF-8 JSON' : 'must be valid JSON' },
      ]);
    }
  }

  const limitsFor = (parsed: ParsedBody): IngestLimits => ({
    now: deps.now(),
    occurredAt: { min: config.INGEST_MIN_OCCURRED_AT, maxFutureSkewMs: config.INGEST_MAX_FUTURE_SKEW },
    maxDepth: config.INGEST_MAX_JSON_DEPTH,
    bodyHadInvalidUtf8: parsed.hadInvalidUtf8,
  });

  async function commitOne(tenant: string, event: NormalizedEvent): Promise<IngestResult> {
    try {
      const [result] = await deps.committer.commit(tenant, [event]);
      return result as IngestResult;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw unavailable();
      if (isDataError(error)) throw notStorable(error);
      throw error;
    }
  }

  /**
   * Stores a batch's events in one commit; when Postgres refuses the data, each event is stored alone so one
   * unstorable event is reported as rejected and its neighbours are still stored.
   */
  async function commitBatch(
    tenant: string,
    events: NormalizedEvent[],
  ): Promise<Array<IngestResult | HttpError>> {
    try {
      return await orUnavailable(deps.committer.commit(tenant, events));
    } catch (error) {
      if (!isDataError(error)) throw error;
      deps.logger.warn({ err: error, tenant }, 'batch refused by Postgres; storing its events one by one');
      const results: Array<IngestResult | HttpError> = [];
      for (const event of events) {
        try {
          results.push(await commitOne(tenant, event));
        } catch (single) {
          if (!(single instanceof HttpError) || single.code !== 'validation_failed') throw single;
          results.push(single);
        }
      }
      return results;
    }
  }

  async function admit(tenant: string, events: NormalizedEvent[]) {
    const [decision, remembered] = await Promise.all([
      deps.rateLimiter.consume(tenant, events.length),
      deps.idempotency.recall(
        tenant,
        events.map((event) => ({ source: event.source, eventId: event.eventId })),
      ),
    ]);
    if (!decision.allowed) {
      throw new HttpError(
        'rate_limited',
        `Rate limit of ${config.RATE_LIMIT_PER_TENANT_PER_SECOND} events/s exceeded for this tenant`,
        [
          {
            path: 'headers.x-tenant-id',
            rule: `at most ${config.RATE_LIMIT_PER_TENANT_PER_SECOND} events per second`,
          },
        ],
        { 'Retry-After': String(decision.retryAfterSeconds) },
      );
    }
    return remembered;
  }

  // Only fresh rows: a duplicate's own key was written when the original committed (with its true received_at).
  function rememberStored(tenant: string, results: IngestResult[]) {
    deps.idempotency.remember(
      tenant,
      results
        .filter((result) => result.status === 'accepted')
        .map((result) => ({
          source: result.source,
          eventId: result.eventId,
          order_id: result.orderId,
          received_at: result.receivedAt.toISOString(),
        })),
    );
  }

  function observe(res: Response) {
    const { startedAt, labels } = locals(res);
    deps.metrics.observe(labels, Number(process.hrtime.bigint() - startedAt) / 1e9);
  }

  const ingestOne =
    (route: Exclude<IngestRoute, 'batch'>): RequestHandler =>
    async (req, res) => {
      const { correlationId, traceparent, labels } = locals(res);
      const tenant = req.get('x-tenant-id') as string;
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const scheme = await authenticate(route, req, tenant, raw);
      labels.tenant = tenant;
      const parsedBody = parseJson(raw);
      const { body } = parsedBody;
      const source = sourceOf(route, body);
      if (scheme === 'shopify' && source !== 'shopify')
        throw unauthorized(config.SIGNATURE_TOLERANCE_SECONDS);
      labels.source = source ?? route;
      labels.event_type = eventTypeLabel((body as { event_type?: unknown } | null)?.event_type);

      const parsed = parseEvent(body, {
        route,
        correlationId,
        traceparent,
        shopifyWebhookId: req.get(SHOPIFY_WEBHOOK_ID_HEADER),
        shopifyTopic: req.get('x-shopify-topic'),
        shopifyTriggeredAt: req.get('x-shopify-triggered-at'),
        limits: limitsFor(parsedBody),
      });
      if (!parsed.ok) throw validationFailed(parsed.details);
      const { event } = parsed;
      labels.event_type = event.eventType;

      const [remembered] = await admit(tenant, [event]);
      let status: 'accepted' | 'duplicate';
      let stored: Pick<RememberedEvent, 'order_id' | 'received_at'>;
      if (remembered) {
        status = 'duplicate';
        stored = remembered;
      } else {
        const result = await commitOne(tenant, event);
        rememberStored(tenant, [result]);
        status = result.status;
        stored = { order_id: result.orderId, received_at: result.receivedAt.toISOString() };
      }
      deps.metrics.event(labels, status);
      observe(res);
      res.status(status === 'accepted' ? 202 : 200).json({
        ok: true,
        status,
        event_id: event.eventId,
        order_id: stored.order_id,
        correlation_id: correlationId,
        received_at: stored.received_at,
      });
    };

  const ingestBatch: RequestHandler = async (req, res) => {
    const { correlationId, traceparent, labels } = locals(res);
    const tenant = req.get('x-tenant-id') as string;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    await authenticate('batch', req, tenant, raw);
    labels.tenant = tenant;
    labels.source = 'batch';
    labels.event_type = 'batch';
    const parsedBody = parseJson(raw);
    const body = parsedBody.body as { events?: unknown } | null;
    const items = body && typeof body === 'object' && !Array.isArray(body) ? body.events : undefined;
    if (!Array.isArray(items))
      throw validationFailed([{ path: 'events', rule: 'must be an array of events' }]);
    if (items.length === 0)
      throw validationFailed([{ path: 'events', rule: 'must contain at least 1 event' }]);
    if (items.length > config.MAX_BATCH_EVENTS) {
      throw validationFailed([
        { path: 'events', rule: `must contain at most ${config.MAX_BATCH_EVENTS} events` },
      ]);
    }

    const limits = limitsFor(parsedBody);
    const parsed = items.map((item, index) =>
      parseEvent(item, { route: 'batch', prefix: `events[${index}].`, correlationId, traceparent, limits }),
    );
    const valid = parsed.flatMap((item, index) => (item.ok ? [{ index, event: item.event }] : []));
    if (valid.length === 0) throw validationFailed(parsed.flatMap((item) => (item.ok ? [] : item.details)));

    const remembered = await admit(
      tenant,
      valid.map((item) => item.event),
    );
    const toStore = valid.filter((_item, position) => !remembered[position]);
    const outcomes = await commitBatch(
      tenant,
      toStore.map((item) => item.event),
    );
    // Committed: from here on nothing may turn the answer into an error.
    const refusedByIndex = new Map<number, HttpError>();
    toStore.forEach((item, position) => {
      const outcome = outcomes[position];
      if (outcome instanceof HttpError) refusedByIndex.set(item.index, outcome);
    });
    const stored = outcomes.filter((outcome): outcome is IngestResult => !(outcome instanceof HttpError));
    rememberStored(tenant, stored);
    const outcomeByIndex = new Map<
      number,
      { status: 'accepted' | 'duplicate'; order_id: string; received_at: string }
    >();
    valid.forEach((item, position) => {
      const hit = remembered[position];
      if (hit) outcomeByIndex.set(item.index, { status: 'duplicate', ...hit });
    });
    toStore.forEach((item, position) => {
      const result = outcomes[position];
      if (result === undefined || result instanceof HttpError) return;
      outcomeByIndex.set(item.index, {
        status: result.status,
        order_id: result.orderId,
        received_at: result.receivedAt.toISOString(),
      });
    });

    const counts = { accepted: 0, duplicate: 0, rejected: 0 };
    const results = parsed.map((item, index) => {
      const itemSource = sourceOf('batch', items[index]) ?? 'unknown';
      const refused = refusedByIndex.get(index);
      if (!item.ok || refused) {
        const failure = item.ok
          ? (refused?.details ?? []).map((detail) => ({ ...detail, path: `events[${index}]` }))
          : item.details;
        counts.rejected += 1;
        safely(() =>
          deps.metrics.event(
            {
              tenant,
              source: itemSource,
              event_type: eventTypeLabel((items[index] as { event_type?: unknown } | null)?.event_type),
            },
            'rejected',
          ),
        );
        return {
          index,
          ok: false,
          status: 'rejected' as const,
          error: {
            code: 'validation_failed',
            message: `Event ${index} failed validation`,
            details: failure,
          },
        };
      }
      // Every committed item has an outcome; the fallback only keeps a stored batch from ever answering 500.
      const outcome = outcomeByIndex.get(index) ?? {
        status: 'accepted' as const,
        order_id: item.event.orderId,
        received_at: deps.now().toISOString(),
      };
      counts[outcome.status] += 1;
      safely(() =>
        deps.metrics.event(
          { tenant, source: item.event.source, event_type: item.event.eventType },
          outcome.status,
        ),
      );
      return {
        index,
        ok: true,
        status: outcome.status,
        event_id: item.event.eventId,
        order_id: outcome.order_id,
        received_at: outcome.received_at,
      };
    });
    safely(() => observe(res));
    const httpStatus = counts.rejected > 0 ? 207 : counts.accepted > 0 ? 202 : 200;
    res.status(httpStatus).json({
      ok: counts.rejected === 0,
      status: 'processed',
      correlation_id: correlationId,
      received_at: deps.now().toISOString(),
      ...counts,
      results,
    });
  };

  function safely(work: () => void) {
    try {
      work();
    } catch (error) {
      deps.logger.warn({ err: error }, 'ingest metrics failed after commit');
    }
  }

  // Counts every failed ingest request, then hands the error to the shared error handler.
  const countErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const state = res.locals as Partial<IngestLocals>;
    const labels = state.labels ?? { tenant: 'unknown', source: 'unknown', event_type: 'unknown' };
    const bodyParserType = (error as { type?: string } | null)?.type;
    const code =
      error instanceof HttpError
        ? error.code
        : bodyParserType === 'entity.too.large'
          ? 'payload_too_large'
          : isDatabaseUnavailable(error)
            ? 'unavailable'
            : 'internal';
    safely(() => {
      deps.metrics.error(labels, code);
      if (state.startedAt !== undefined) observe(res);
    });
    if (code === 'internal') deps.logger.error({ err: error, tenant: labels.tenant }, 'ingest failed');
    next(isDatabaseUnavailable(error) ? unavailable() : error);
  };

  for (const route of ['shopify', 'wms', 'carrier', 'events'] as const) {
    router.post(`/ingest/${route}`, prelude, rawBody, ingestOne(route));
  }
  router.post('/ingest/batch', prelude, rawBody, ingestBatch);
  router.use('/ingest', countErrors);
  return router;
}
