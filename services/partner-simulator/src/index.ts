import express, { type Express, type Request } from 'express';
import { z } from 'zod';
import { errorHandler, notFoundHandler, parseOrThrow } from '@e2a/http';
import type { Logger } from '@e2a/telemetry';
import {
  backfillScan,
  reallocateInventory,
  recoverSystem,
  retryPayment,
  trackShipment,
  validateAddress,
} from './rules';

export * from './rules';

export interface PartnerSimulatorOptions {
  logger?: Logger;
  /** Runs before every partner request (tests hold calls open; benchmarks add latency). */
  beforeRequest?: (req: Request) => Promise<void>;
}

const orderRef = { order_id: z.string().min(1) };

/** Address validation, payment gateway, WMS and carrier answers derived only from the request data. */
export function createPartnerSimulatorApp(options: PartnerSimulatorOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'partner-simulator' });
  });
  if (options.beforeRequest) {
    const hook = options.beforeRequest;
    app.use((req, _res, next) => {
      hook(req).then(() => next(), next);
    });
  }

  app.post('/address/validate', (req, res) => {
    const body = parseOrThrow(
      z.object({
        ...orderRef,
        address: z.object({
          address1: z.string().nullish(),
          city: z.string().nullish(),
          province: z.string().nullish(),
          zip: z.string().nullish(),
          country: z.string().nullish(),
        }),
      }),
      req.body,
    );
    res.json(validateAddress(body.address));
  });
  app.post('/payments/retry', (req, res) => {
    const body = parseOrThrow(
      z
        .object({ ...orderRef, decline_code: z.string().nullish(), financial_status: z.string().nullish() })
        .passthrough(),
      req.body,
    );
    res.json(retryPayment(body));
  });
  app.post('/inventory/reallocate', (req, res) => {
    const item = z.object({
      sku: z.string().optional(),
      quantity: z.number().int().positive().optional(),
      available_quantity: z.number().int().min(0).optional(),
      alternate_warehouse_quantity: z.number().int().min(0).optional(),
      inventory_shortage: z.boolean().optional(),
    });
    const body = parseOrThrow(z.object({ ...orderRef, line_items: z.array(item).min(1) }), req.body);
    res.json(reallocateInventory(body.line_items));
  });
  app.post('/scans/backfill', (req, res) => {
    const body = parseOrThrow(
      z.object({
        ...orderRef,
        expected_scan: z.string().optional(),
        pick_completed_at: z.string().nullish(),
        pack_completed_at: z.string().nullish(),
        label_created_at: z.string().nullish(),
      }),
      req.body,
    );
    res.json(backfillScan(body));
  });
  app.get('/tracking/:trackingNumber', (req, res) => {
    const tracking = trackShipment(String(req.params.trackingNumber));
    if (!tracking) {
      res.status(404).json({ error: { code: 'not_found', message: 'unknown tracking number', details: [] } });
      return;
    }
    res.json(tracking);
  });
  app.post('/systems/recover', (req, res) => {
    const body = parseOrThrow(
      z.object({ ...orderRef, component: z.string().optional(), error_type: z.string().optional() }),
      req.body,
    );
    res.json(recoverSystem(body));
  });

  // The demo's notification receiver (docs/notifications.md): accepts every signed event once per event id.
  const received = new Map<string, string>();
  app.post('/notifications/receive', (req, res) => {
    const eventId = req.header('x-e2a-event-id');
    if (!eventId || !req.header('x-e2a-signature')) {
      res.status(400).json({
        error: {
          code: 'bad_request',
          message: 'X-E2A-Event-Id and X-E2A-Signature are required',
          details: [],
        },
      });
      return;
    }
    const isDuplicate = received.has(eventId);
    received.set(eventId, String(req.header('x-e2a-event-type') ?? 'unknown'));
    res.json({ received: eventId, duplicate: isDuplicate });
  });
  app.get('/notifications/received', (_req, res) => {
    const byType: Record<string, number> = {};
    for (const type of received.values()) byType[type] = (byType[type] ?? 0) + 1;
    res.json({ events: received.size, by_type: byType });
  });

  app.use(notFoundHandler);
  if (options.logger) app.use(errorHandler(options.logger));
  else app.use(errorHandler({ error: () => undefined } as unknown as Logger));
  return app;
}
