import Table from 'cli-table3';
import type { ExceptionRow, InvoiceAdjustmentRow, InvoiceRow, ResolutionAttemptRow } from '@e2a/db';

// Stable shapes for `--json` (documented in docs/cli.md); tables for people.

export const printJson = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export function printTable(head: string[], rows: (string | number | null | undefined)[][]): void {
  // Colours only on a terminal, so `make demo > demo.txt` stays readable.
  const colours = process.stdout.isTTY === true;
  const table = new Table({
    head,
    style: { head: colours ? ['cyan'] : [], border: colours ? ['grey'] : [] },
  });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  console.log(table.toString());
}

export const iso = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : new Date(value).toISOString();

export const dollars = (cents: number, currency = 'USD') =>
  `${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

export function exceptionSummary(row: ExceptionRow) {
  return {
    id: String(row.id),
    tenant: row.tenant,
    order_id: row.order_id,
    reason_code: row.reason_code,
    status: row.status,
    severity: row.severity,
    ai_label: row.ai_label,
    ai_confidence: row.ai_confidence,
    resolution_attempts: row.resolution_attempts,
    max_resolution_attempts: row.max_resolution_attempts,
    resolution_blocked: row.resolution_blocked,
    resolution_block_reason: row.resolution_block_reason,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function attemptView(row: ResolutionAttemptRow) {
  return {
    attempt_number: row.attempt_number,
    status: row.status,
    actions: row.actions,
    outcome: row.outcome,
    error: row.error,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
  };
}

export function exceptionDetail(row: ExceptionRow, attempts: ResolutionAttemptRow[]) {
  return {
    ...exceptionSummary(row),
    priority: row.priority,
    ops_note: row.ops_note,
    client_note: row.client_note,
    context_data: row.context_data,
    correlation_id: row.correlation_id,
    last_resolution_attempt_at: iso(row.last_resolution_attempt_at),
    resolved_at: iso(row.resolved_at),
    attempts: attempts.map(attemptView),
  };
}

export function invoiceSummary(row: InvoiceRow) {
  return {
    id: String(row.id),
    tenant: row.tenant,
    order_id: row.order_id,
    invoice_number: row.invoice_number,
    status: row.status,
    amount_cents: Number(row.amount_cents),
    currency: row.currency,
    billing_period: row.billing_period,
    invoice_date: iso(row.invoice_date)?.slice(0, 10) ?? null,
    due_date: iso(row.due_date)?.slice(0, 10) ?? null,
    created_at: iso(row.created_at),
  };
}

export function invoiceDetail(row: InvoiceRow, adjustments: InvoiceAdjustmentRow[]) {
  return {
    ...invoiceSummary(row),
    line_items: row.line_items,
    billable_operations: row.billable_operations,
    volume_tier_percent: row.volume_tier_percent,
    adjustments: adjustments.map((adjustment) => ({
      id: String(adjustment.id),
      reason: adjustment.reason,
      delta_cents: Number(adjustment.delta_cents),
      rationale: adjustment.rationale,
      status: adjustment.status,
      created_at: iso(adjustment.created_at),
    })),
  };
}

/** Commander's repeatable option collector. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const positiveInt = (name: string) => (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`${name} must be a positive integer (got "${value}")`);
  return parsed;
};
