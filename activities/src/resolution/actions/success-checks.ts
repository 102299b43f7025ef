import type { PlannedStep, SuccessObservation } from '@e2a/domain';
import { findOrderPaidAt, type Db } from '@e2a/db';
import {
  PartnerUnavailable,
  asRecord,
  callPartner,
  order,
  type ActionContext,
  type ActionOutcome,
} from './partner-adapters';

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * Re-checks the exception after a step that reported success: the address is validated again, the tracking is
 * read again, the payment event is looked up; the partner's own record stands for the rest. An unreachable partner
 * observes nothing, so the step is not verified.
 */
export async function observeSuccess(
  db: Db,
  step: PlannedStep,
  outcome: ActionOutcome,
  context: ActionContext,
): Promise<SuccessObservation> {
  const response = asRecord(outcome.response);
  try {
    switch (step.success_check) {
      case 'address_valid': {
        const original = asRecord(order(context.facts).shipping_address);
        const address = { ...original, ...asRecord(response.address) };
        const { body } = await callPartner(
          { ...context, idempotencyKey: `${context.idempotencyKey}:verify` },
          'address',
          'POST',
          '/address/validate',
          { order_id: context.facts.order_id, address },
        );
        return { check: 'address_valid', isValid: body.valid === true, zip: text(address.zip) };
      }
      case 'payment_captured': {
        const paidAt = await findOrderPaidAt(db, context.facts.tenant, context.facts.order_id);
        return {
          check: 'payment_captured',
          gatewayStatus: text(response.status),
          paymentEventAt: paidAt ? paidAt.toISOString() : null,
        };
      }
      case 'scan_present': {
        const scan = asRecord(response.scan);
        return {
          check: 'scan_present',
          scanEventType: text(scan.event_type),
          scanAt: text(scan.occurred_at),
        };
      }
      case 'carrier_moving': {
        const tracking = text(response.tracking_number) ?? context.facts.tracking_number;
        if (!tracking) return { check: 'carrier_moving', carrierStatus: null, location: null };
        const { status, body } = await callPartner(
          context,
          'carrier',
          'GET',
          `/tracking/${encodeURIComponent(tracking)}`,
        );
        return {
          check: 'carrier_moving',
          carrierStatus: status === 200 ? text(body.status) : null,
          location: text(body.location),
        };
      }
      case 'stock_reallocated':
        return { check: 'stock_reallocated', wmsStatus: text(response.status) };
      case 'system_recovered':
        return { check: 'system_recovered', systemStatus: text(response.status) };
      case 'none':
        return { check: 'none' };
    }
  } catch (error) {
    if (!(error instanceof PartnerUnavailable)) throw error;
    if (step.success_check === 'address_valid') return { check: 'address_valid', isValid: false, zip: null };
    return { check: 'carrier_moving', carrierStatus: null, location: null };
  }
}
