import { isResolutionAction, type PartnerEndpointKey, type ResolutionAction } from '@e2a/domain';
import type { ExceptionFacts } from '@e2a/db';

export { PARTNER_ENDPOINT_KEYS, type PartnerEndpointKey } from '@e2a/domain';

const ENDPOINT_FOR_ACTION: Record<ResolutionAction, PartnerEndpointKey> = {
  address_validation_service: 'address',
  payment_retry: 'payments',
  inventory_reallocation: 'wms',
  scan_backfill: 'wms',
  carrier_api_update: 'carrier',
  system_recovery: 'systems',
};

export interface ActionOutcome {
  action: string;
  status: 'succeeded' | 'failed';
  detail: string;
  response?: unknown;
}

export interface ActionContext {
  facts: ExceptionFacts;
  endpoints: Record<string, string>;
  idempotencyKey: string;
  timeoutMs: number;
}

type Json = Record<string, unknown>;

/** One partner HTTP call; unreachable, non-JSON or 5xx is `PartnerUnavailable`. */
export async function callPartner(
  context: ActionContext,
  key: PartnerEndpointKey,
  method: 'GET' | 'POST',
  path: string,
  body?: Json,
): Promise<{ status: number; body: Json }> {
  const base = context.endpoints[key];
  if (!base) throw new PartnerUnavailable(`no partner endpoint configured for "${key}"`);
  let response: Response;
  try {
    response = await fetch(`${base.replace(/\/$/, '')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'idempotency-key': context.idempotencyKey },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  } catch (error) {
    throw new PartnerUnavailable(`${key} unreachable: ${(error as Error).message}`);
  }
  const text = await response.text();
  let parsed: Json = {};
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    throw new PartnerUnavailable(`${key} answered non-JSON (HTTP ${response.status})`);
  }
  if (response.status >= 500) throw new PartnerUnavailable(`${key} answered HTTP ${response.status}`);
  return { status: response.status, body: parsed };
}

/** The partner could not be reached or failed itself: the action failed, the business answer is unknown. */
export class PartnerUnavailable extends Error {}

export const order = (facts: ExceptionFacts): Json => facts.order_data ?? {};
export const asRecord = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

const ADAPTERS: Record<ResolutionAction, (context: ActionContext) => Promise<ActionOutcome>> = {
  async address_validation_service(context) {
    const address = asRecord(order(context.facts).shipping_address);
    const { body } = await callPartner(context, 'address', 'POST', '/address/validate', {
      order_id: context.facts.order_id,
      address: {
        address1: address.address1,
        city: address.city,
        province: address.province,
        zip: address.zip,
        country: address.country,
      },
    });
    const ok = body.valid === true || body.corrected === true;
    return {
      action: 'address_validation_service',
      status: ok ? 'succeeded' : 'failed',
      detail: ok
        ? body.corrected
          ? `address corrected (zip ${String(address.zip)} → ${String(asRecord(body.address).zip)})`
          : 'address valid'
        : `address cannot be corrected: ${String(body.reason ?? 'unknown')}`,
      response: body,
    };
  },
  async payment_retry(context) {
    const data = order(context.facts);
    const { body } = await callPartner(context, 'payments', 'POST', '/payments/retry', {
      order_id: context.facts.order_id,
      amount_cents: context.facts.total_amount_cents ? Number(context.facts.total_amount_cents) : null,
      currency: context.facts.currency ?? 'USD',
      decline_code: data.payment_decline_code ?? null,
      financial_status: data.financial_status ?? null,
    });
    const ok = body.status === 'succeeded';
    return {
      action: 'payment_retry',
      status: ok ? 'succeeded' : 'failed',
      detail: ok
        ? 'payment captured on retry'
        : `payment declined (${String(body.decline_type ?? 'unknown')})`,
      response: body,
    };
  },
  async inventory_reallocation(context) {
    const items = Array.isArray(order(context.facts).line_items)
      ? (order(context.facts).line_items as unknown[])
      : [];
    const { body } = await callPartner(context, 'wms', 'POST', '/inventory/reallocate', {
      order_id: context.facts.order_id,
      line_items: items.map((item) => {
        const line = asRecord(item);
        return {
          sku: line.sku,
          quantity: line.quantity,
          available_quantity: line.available_quantity,
          alternate_warehouse_quantity: line.alternate_warehouse_quantity,
          inventory_shortage: line.inventory_shortage,
        };
      }),
    });
    const ok = body.status === 'reallocated';
    return {
      action: 'inventory_reallocation',
      status: ok ? 'succeeded' : 'failed',
      detail: ok
        ? 'stock reallocated'
        : `reallocation impossible: ${String(body.reason ?? 'insufficient stock')}`,
      response: body,
    };
  },
  async scan_backfill(context) {
    const { facts } = context;
    const { body } = await callPartner(context, 'wms', 'POST', '/scans/backfill', {
      order_id: facts.order_id,
      expected_scan:
        asRecord(facts.context_data).expected_event ??
        (facts.pack_completed_at ? 'manifested' : 'pack_completed'),
      pick_completed_at: facts.pick_completed_at,
      pack_completed_at: facts.pack_completed_at,
      label_created_at: facts.label_created_at,
    });
    const ok = body.status === 'backfilled';
    return {
      action: 'scan_backfill',
      status: ok ? 'succeeded' : 'failed',
      detail: ok
        ? `scan backfilled (${String(asRecord(body.scan).event_type)})`
        : `scan not found: ${String(body.reason ?? '')}`,
      response: body,
    };
  },
  async carrier_api_update(context) {
    const tracking =
      context.facts.tracking_number ?? (order(context.facts).tracking_number as string | undefined);
    if (!tracking)
      return { action: 'carrier_api_update', status: 'failed', detail: 'order has no tracking number' };
    const { status, body } = await callPartner(
      context,
      'carrier',
      'GET',
      `/tracking/${encodeURIComponent(tracking)}`,
    );
    const ok = status === 200 && typeof body.status === 'string' && body.status !== 'exception';
    return {
      action: 'carrier_api_update',
      status: ok ? 'succeeded' : 'failed',
      detail: ok
        ? `carrier status ${String(body.status)} at ${String(body.location)}`
        : `tracking unavailable (HTTP ${status})`,
      response: body,
    };
  },
  async system_recovery(context) {
    const contextData = asRecord(context.facts.context_data);
    const { body } = await callPartner(context, 'systems', 'POST', '/systems/recover', {
      order_id: context.facts.order_id,
      component: contextData.component ?? 'integration',
      error_type: contextData.error_type ?? 'transient',
    });
    const ok = body.status === 'recovered';
    return {
      action: 'system_recovery',
      status: ok ? 'succeeded' : 'failed',
      detail: ok ? 'failed step re-run successfully' : `recovery failed: ${String(body.reason ?? '')}`,
      response: body,
    };
  },
};

/** Runs one action against the tenant's partner system; transport failures are failed outcomes. */
export async function executeAction(action: string, context: ActionContext): Promise<ActionOutcome> {
  if (!isResolutionAction(action)) return { action, status: 'failed', detail: `unknown action "${action}"` };
  try {
    return await ADAPTERS[action](context);
  } catch (error) {
    if (error instanceof PartnerUnavailable) return { action, status: 'failed', detail: error.message };
    throw error;
  }
}

export const endpointKeyFor = (action: ResolutionAction): PartnerEndpointKey => ENDPOINT_FOR_ACTION[action];
