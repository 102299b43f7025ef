import { DateTime } from 'luxon';
import type { InvoiceLineItem } from './invoice-amount';
import { formatInvoiceNumber } from './invoice-lifecycle';

// Domain reference §9: "minimum monthly fee 10000 (a shortfall is invoiced once at month close)".

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

function localAt(instant: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return local.isValid ? local : DateTime.fromJSDate(instant, { zone: 'UTC' });
}

/**
 * The month (`YYYY-MM`) a billing run at `instant` closes: the previous month when it is the 1st of a month in the
 * tenant's time zone (the daily 02:00 run of Dec 1 closes November), otherwise none.
 */
export function monthClosedAt(instant: Date, timeZone: string): string | null {
  const local = localAt(instant, timeZone);
  if (local.day !== 1) return null;
  return local.minus({ months: 1 }).toFormat('yyyy-LL');
}

/** Whether `period` is a well-formed month, `YYYY-MM`. */
export function isMonthPeriod(period: string): boolean {
  return PERIOD.test(period);
}

/** Whether `period` (`YYYY-MM`) is a well-formed month that has ended at `instant` in the tenant's time zone. */
export function isClosedMonth(period: string, instant: Date, timeZone: string): boolean {
  if (!isMonthPeriod(period)) return false;
  const local = localAt(instant, timeZone);
  return period < local.toFormat('yyyy-LL');
}

/**
 * A tenant owes a month's minimum only for a month it existed in: created before the month ended (tenant time
 * zone). A tenant created on Dec 1 is not billed November's minimum by the run that closes November.
 */
export function tenantExistedIn(period: string, createdAt: Date, timeZone: string): boolean {
  const created = localAt(createdAt, timeZone);
  return created.toFormat('yyyy-LL') <= period;
}

export interface MinimumFeeInput {
  tenant: string;
  /** `YYYY-MM`, the closed month. */
  period: string;
  minimumMonthlyFeeCents: number;
  /** The month's order invoices, non-void amounts plus applied adjustments, at close. */
  netCents: number;
  /** The closed month's invoice sequence (`YYYYMM`) last value: the fee invoice takes the next number. */
  lastSequence: number;
}

/** The shortfall invoice to issue for a closed month, or null when the month reached its minimum. */
export interface MinimumFeeInvoice {
  invoice_number: string;
  amount_cents: number;
  line_items: InvoiceLineItem[];
  /** `YYYYMM` of the sequence the number was taken from. */
  sequence_period: string;
  sequence: number;
}

/**
 * A month whose net falls short of the minimum monthly fee is billed the difference, as its own invoice with one
 * `minimum_monthly_fee` line, numbered in the closed month's sequence after the month's last invoice (so the next
 * month's volume tier counts only order invoices). Example: minimum 10000, net 2345 → one invoice of 7655.
 */
export function minimumFeeInvoice(input: MinimumFeeInput): MinimumFeeInvoice | null {
  const shortfall = Math.max(0, input.minimumMonthlyFeeCents - input.netCents);
  if (shortfall === 0) return null;
  const sequencePeriod = input.period.replace('-', '');
  const sequence = input.lastSequence + 1;
  return {
    invoice_number: formatInvoiceNumber(input.tenant, sequencePeriod, sequence),
    amount_cents: shortfall,
    line_items: [
      {
        operation: 'minimum_monthly_fee',
        description: `Minimum monthly fee ${input.period}: minimum ${input.minimumMonthlyFeeCents}, invoiced net ${input.netCents}, shortfall ${shortfall}`,
        quantity: 1,
        rate_cents: shortfall,
        amount_cents: shortfall,
      },
    ],
    sequence_period: sequencePeriod,
    sequence,
  };
}
