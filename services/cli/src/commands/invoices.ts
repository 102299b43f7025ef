import type { Command } from 'commander';
import type { CliConfig } from '@e2a/config';
import { getOperatorInvoice, listOperatorInvoices } from '@e2a/db';
import { withDb } from '../database';
import { dollars, invoiceDetail, invoiceSummary, positiveInt, printJson, printTable } from '../output';

/** `e2a invoices list|show`, straight on Postgres. */
export function registerInvoiceCommands(program: Command, config: CliConfig): void {
  const invoices = program.command('invoices').description('inspect invoices');
  invoices
    .command('list')
    .description('recent invoices, newest first')
    .option('--tenant <tenant>', 'one tenant (default: all)')
    .option('--status <status>', 'DRAFT, PENDING, SENT, PAID or VOID')
    .option('--period <yyyymm>', 'billing period, e.g. 202611')
    .option('--limit <n>', 'at most n rows', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        tenant?: string;
        status?: string;
        period?: string;
        limit: number;
        json?: boolean;
      }) => {
        const rows = await withDb(config, (db) =>
          listOperatorInvoices(db, {
            limit: options.limit,
            ...(options.tenant ? { tenant: options.tenant } : {}),
            ...(options.status ? { status: options.status.toUpperCase() } : {}),
            ...(options.period ? { period: options.period } : {}),
          }),
        );
        const views = rows.map(invoiceSummary);
        if (options.json) return printJson(views);
        printTable(
          ['id', 'number', 'tenant', 'order', 'status', 'amount', 'period', 'due'],
          views.map((v) => [
            v.id,
            v.invoice_number,
            v.tenant,
            v.order_id,
            v.status,
            dollars(v.amount_cents, v.currency),
            v.billing_period,
            v.due_date,
          ]),
        );
      },
    );
  invoices
    .command('show <idOrNumber>')
    .description('one invoice (by id or INV-... number) with its line items and adjustments')
    .option('--tenant <tenant>', 'require this tenant')
    .option('--json', 'print JSON')
    .action(async (idOrNumber: string, options: { tenant?: string; json?: boolean }) => {
      const found = await withDb(config, (db) => getOperatorInvoice(db, idOrNumber, options.tenant));
      if (!found) throw new Error(`invoice ${idOrNumber} not found`);
      const view = invoiceDetail(found.invoice, found.adjustments);
      if (options.json) return printJson(view);
      printTable(
        ['field', 'value'],
        [
          ['number', view.invoice_number],
          ['tenant / order', `${view.tenant} / ${view.order_id}`],
          ['status', view.status],
          ['amount', dollars(view.amount_cents, view.currency)],
          ['period / due', `${view.billing_period} / ${view.due_date}`],
          ['volume tier', `${view.volume_tier_percent} %`],
          ['line items', JSON.stringify(view.line_items)],
        ],
      );
      if (view.adjustments.length) {
        printTable(
          ['id', 'reason', 'delta', 'status', 'rationale'],
          view.adjustments.map((a) => [
            a.id,
            a.reason,
            dollars(a.delta_cents, view.currency),
            a.status,
            a.rationale,
          ]),
        );
      }
    });
}
