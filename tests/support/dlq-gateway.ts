import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import { deadLetterEvent } from '@e2a/activities';
import { findTenant, insertOrderEvents, type Db } from '@e2a/db';
import {
  EVENT_SOURCES,
  eventSchemaFor,
  normalizeEvent,
  type EventSource,
  type NormalizedEvent,
} from '@e2a/domain';
import { closeServer, listen } from '@e2a/http';

/**
 * A stand-in for the gateway (built on another branch) for the tooling suites: the same contract — signature
 * `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, /ingest/<source> and /ingest/batch, 202 accepted /
 * 200 duplicate — storing through the real `insertOrderEvents`. It can answer 429 or 503 to exercise retries.
 */
export interface ToolGateway {
  url: string;
  requests: { path: string; status: number }[];
  /** Answer the next n requests with this status (and Retry-After seconds when given). */
  failNext: (count: number, status: 413 | 429 | 503, retryAfterSeconds?: number) => void;
  close: () => Promise<void>;
}

function verify(
  secret: string,
  header: string | undefined,
  rawBody: string,
  toleranceSeconds: number,
): boolean {
  const match = header ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1!, 'hex'));
}

export async function startToolGateway(db: Db): Promise<ToolGateway> {
  const app = express();
  const requests: ToolGateway['requests'] = [];
  let failures: { count: number; status: number; retryAfter?: number } = { count: 0, status: 503 };
  app.use(express.text({ type: '*/*', limit: '5mb' }));
  app.post('/ingest/:source', async (req, res) => {
    const reply = (status: number, body: unknown) => {
      requests.push({ path: req.path, status });
      res.status(status).json(body);
    };
    if (failures.count > 0) {
      failures.count -= 1;
      if (failures.retryAfter !== undefined) res.setHeader('Retry-After', String(failures.retryAfter));
      return reply(failures.status, { error: { code: 'rate_limited', message: 'slow down', details: [] } });
    }
    const tenantId = req.header('x-tenant-id') ?? '';
    const tenant = await findTenant(db, tenantId);
    const rawBody = typeof req.body === 'string' ? req.body : '';
    if (!tenant || !verify(tenant.webhook_secret, req.header('x-e2a-signature'), rawBody, 300)) {
      return reply(401, { error: { code: 'unauthorized', message: 'invalid signature', details: [] } });
    }
    const body = JSON.parse(rawBody) as Record<string, unknown>;
    const source = req.params.source;
    const items: { source: EventSource; raw: unknown }[] =
      source === 'batch'
        ? (body.events as Record<string, unknown>[]).map(({ source: itemSource, ...raw }) => ({
            source: itemSource as EventSource,
            raw,
          }))
        : [{ source: source as EventSource, raw: body }];
    const normalized: NormalizedEvent[] = [];
    for (const item of items) {
      if (!(EVENT_SOURCES as readonly string[]).includes(item.source)) {
        return reply(422, { error: { code: 'validation_failed', message: 'unknown source', details: [] } });
      }
      const parsed = eventSchemaFor(item.source).safeParse(item.raw);
      if (!parsed.success) {
        return reply(422, {
          error: { code: 'validation_failed', message: parsed.error.message, details: [] },
        });
      }
      normalized.push(normalizeEvent(item.source, parsed.data));
    }
    const results = await db.transaction().execute((trx) => insertOrderEvents(trx, tenant.name, normalized));
    if (source === 'batch') {
      return reply(202, {
        results: results.map((r) => ({ source: r.source, event_id: r.eventId, status: r.status })),
      });
    }
    return reply(results[0]?.status === 'duplicate' ? 200 : 202, { status: results[0]?.status });
  });
  const { server, port } = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count, status, retryAfterSeconds) => {
      failures = {
        count,
        status,
        ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}),
      };
    },
    close: () => closeServer(server as Server),
  };
}

/** A carrier `delivered` event (`dlq-ev-1`, order O-9) dead-lettered for the tenant, as the gateway would queue it. */
export function deadLetterDelivery(db: Db, tenant: string) {
  return deadLetterEvent(db, {
    tenant,
    source: 'carrier',
    event: {
      event_id: 'dlq-ev-1',
      event_type: 'delivered',
      order_id: 'O-9',
      occurred_at: '2026-11-28T10:00:00Z',
    },
    error: 'projection deadlock',
  });
}
