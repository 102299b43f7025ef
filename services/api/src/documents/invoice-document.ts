import PDFDocument from 'pdfkit';
import type { InvoiceDetailView } from '@e2a/db';

// The invoice a person would send: issuer, bill-to, number and dates, line items, adjustments, total due.

export interface InvoiceDocumentInput {
  invoice: InvoiceDetailView;
  billTo: { name: string; displayName: string | null; timezone: string };
  paymentTermsDays: number;
  lateFeeCents: number;
}

const ISSUER = {
  name: 'E²A Fulfillment Services',
  lines: ['Billing department', 'billing@e2a.example'],
};

export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

const ADJUSTMENT_LABELS: Record<string, string> = {
  RECALCULATION: 'Recalculation',
  SLA_CREDIT: 'SLA credit',
  LATE_FEE: 'Late fee',
  MANUAL: 'Manual adjustment',
};

/** A minimum-fee invoice bills a month, not an order. */
const orderLabel = (invoice: InvoiceDetailView) =>
  invoice.order_id ?? `Minimum monthly fee ${invoice.billing_period}`;

function summary(input: InvoiceDocumentInput) {
  const { invoice } = input;
  const applied = invoice.adjustments.filter((adjustment) => adjustment.status === 'APPLIED');
  const pending = invoice.adjustments.filter((adjustment) => adjustment.status === 'PENDING_REVIEW');
  return { applied, pending, billToName: input.billTo.displayName ?? input.billTo.name };
}

export function renderInvoiceHtml(input: InvoiceDocumentInput): string {
  const { invoice } = input;
  const money = (cents: number) => escapeHtml(formatMoney(cents, invoice.currency));
  const { applied, pending, billToName } = summary(input);
  const lineRows = invoice.line_items
    .map(
      (line) => `
        <tr>
          <td>${escapeHtml(line.description)}</td>
          <td class="num">${line.quantity}</td>
          <td class="num">${money(line.rate_cents)}</td>
          <td class="num">${money(line.amount_cents)}</td>
        </tr>`,
    )
    .join('');
  const adjustmentRows = [...applied, ...pending]
    .map(
      (adjustment) => `
        <tr>
          <td>${escapeHtml(ADJUSTMENT_LABELS[adjustment.reason] ?? adjustment.reason)}${
            adjustment.status === 'PENDING_REVIEW' ? ' <em>(pending review, not included)</em>' : ''
          }<div class="note">${escapeHtml(adjustment.rationale)}</div></td>
          <td class="num">${money(adjustment.delta_cents)}</td>
        </tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Invoice ${escapeHtml(invoice.invoice_number)}</title>
<style>
  body { font-family: "Helvetica Neue", Arial, sans-serif; color: #1f2933; margin: 40px auto; max-width: 780px; font-size: 14px; }
  header { display: flex; justify-content: space-between; border-bottom: 3px solid #1f4e79; padding-bottom: 16px; }
  h1 { margin: 0; font-size: 30px; color: #1f4e79; letter-spacing: 2px; }
  .issuer { text-align: right; line-height: 1.5; }
  .meta { display: flex; justify-content: space-between; margin: 28px 0; }
  .meta h2 { font-size: 12px; text-transform: uppercase; color: #616e7c; margin: 0 0 6px; letter-spacing: 1px; }
  .meta table td { padding: 2px 12px 2px 0; }
  table.items { width: 100%; border-collapse: collapse; margin-top: 12px; }
  table.items th { background: #1f4e79; color: #fff; text-align: left; padding: 8px; font-weight: 600; }
  table.items td { padding: 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; }
  .note { color: #616e7c; font-size: 12px; margin-top: 2px; }
  .totals { margin-left: auto; width: 320px; margin-top: 20px; }
  .totals td { padding: 6px 8px; }
  .totals tr.due td { font-size: 18px; font-weight: 700; border-top: 2px solid #1f4e79; }
  .status { display: inline-block; padding: 2px 10px; border-radius: 10px; background: #e4e7eb; font-size: 12px; font-weight: 600; }
  footer { margin-top: 40px; color: #616e7c; font-size: 12px; border-top: 1px solid #e4e7eb; padding-top: 12px; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<header>
  <div><h1>INVOICE</h1><div>${escapeHtml(invoice.invoice_number)} <span class="status">${escapeHtml(invoice.status)}</span></div></div>
  <div class="issuer"><strong>${escapeHtml(ISSUER.name)}</strong><br>${ISSUER.lines.map(escapeHtml).join('<br>')}</div>
</header>
<section class="meta">
  <div>
    <h2>Bill to</h2>
    <strong>${escapeHtml(billToName)}</strong><br>
    Account: ${escapeHtml(input.billTo.name)}
  </div>
  <div>
    <table>
      <tr><td>Invoice date</td><td><strong>${escapeHtml(formatDate(invoice.invoice_date))}</strong></td></tr>
      <tr><td>Due date</td><td><strong>${escapeHtml(formatDate(invoice.due_date))}</strong></td></tr>
      <tr><td>Order</td><td>${escapeHtml(orderLabel(invoice))}</td></tr>
      <tr><td>Billing period</td><td>${escapeHtml(invoice.billing_period)}</td></tr>
      <tr><td>Currency</td><td>${escapeHtml(invoice.currency)}</td></tr>
    </table>
  </div>
</section>
<table class="items">
  <thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Rate</th><th class="num">Amount</th></tr></thead>
  <tbody>${lineRows}</tbody>
</table>
${
  adjustmentRows
    ? `<table class="items"><thead><tr><th>Adjustments</th><th class="num">Amount</th></tr></thead><tbody>${adjustmentRows}</tbody></table>`
    : ''
}
<table class="totals">
  <tr><td>Invoice amount</td><td class="num">${money(invoice.amount_cents)}</td></tr>
  <tr><td>Adjustments</td><td class="num">${money(invoice.adjustments_total_cents)}</td></tr>
  <tr class="due"><td>Total due</td><td class="num">${money(invoice.total_due_cents)}</td></tr>
</table>
<footer>
  Payment terms: ${input.paymentTermsDays} days. Please pay by ${escapeHtml(formatDate(invoice.due_date))}, quoting
  ${escapeHtml(invoice.invoice_number)}. Invoices unpaid after the due date incur a late fee of
  ${money(input.lateFeeCents)}.
</footer>
</body>
</html>`;
}

/** The same invoice as a one-or-more page A4 PDF (pdfkit, standard Helvetica). */
export function renderInvoicePdf(input: InvoiceDocumentInput): Promise<Buffer> {
  const { invoice } = input;
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const { applied, pending, billToName } = summary(input);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${invoice.invoice_number}`, Author: ISSUER.name },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 50;
  const right = doc.page.width - 50;
  const width = right - left;
  const blue = '#1f4e79';
  const grey = '#616e7c';

  // Header
  doc.fillColor(blue).font('Helvetica-Bold').fontSize(26).text('INVOICE', left, 50);
  doc.fillColor('#1f2933').font('Helvetica').fontSize(11).text(invoice.invoice_number, left, 82);
  doc.fillColor(grey).fontSize(9).text(`Status: ${invoice.status}`, left, 97);
  doc
    .fillColor('#1f2933')
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(ISSUER.name, left, 52, { width, align: 'right' });
  doc.font('Helvetica').fontSize(9).fillColor(grey);
  ISSUER.lines.forEach((line, index) => doc.text(line, left, 68 + index * 12, { width, align: 'right' }));
  doc.moveTo(left, 115).lineTo(right, 115).lineWidth(2).strokeColor(blue).stroke();

  // Bill to and dates
  doc.fillColor(grey).font('Helvetica-Bold').fontSize(8).text('BILL TO', left, 135);
  doc.fillColor('#1f2933').font('Helvetica-Bold').fontSize(12).text(billToName, left, 148);
  doc.font('Helvetica').fontSize(9).fillColor(grey).text(`Account: ${input.billTo.name}`, left, 165);
  const metaX = left + width / 2 + 20;
  const meta: [string, string][] = [
    ['Invoice date', formatDate(invoice.invoice_date)],
    ['Due date', formatDate(invoice.due_date)],
    ['Order', orderLabel(invoice)],
    ['Billing period', invoice.billing_period],
    ['Currency', invoice.currency],
  ];
  meta.forEach(([label, value], index) => {
    const y = 135 + index * 15;
    doc.font('Helvetica').fontSize(9).fillColor(grey).text(label, metaX, y);
    doc
      .font('Helvetica-Bold')
      .fillColor('#1f2933')
      .text(value, metaX + 85, y, { width: right - metaX - 85 });
  });

  // Line items table
  const columns = { description: left + 8, quantity: left + 300, rate: left + 350, amount: left + 420 };
  const numberWidth = { quantity: 40, rate: 62, amount: width - 420 - 8 };
  let y = 230;
  const tableHeader = (title: string, withQuantity: boolean) => {
    doc.rect(left, y, width, 20).fill(blue);
    doc
      .fillColor('#ffffff')
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(title, columns.description, y + 6);
    if (withQuantity) {
      doc.text('Qty', columns.quantity, y + 6, { width: numberWidth.quantity, align: 'right' });
      doc.text('Rate', columns.rate, y + 6, { width: numberWidth.rate, align: 'right' });
    }
    doc.text('Amount', columns.amount, y + 6, { width: numberWidth.amount, align: 'right' });
    y += 26;
  };
  const ensureRoom = (needed: number) => {
    if (y + needed > doc.page.height - 90) {
      doc.addPage();
      y = 50;
    }
  };
  tableHeader('Description', true);
  for (const line of invoice.line_items) {
    ensureRoom(20);
    doc.fillColor('#1f2933').font('Helvetica').fontSize(9);
    doc.text(line.description, columns.description, y, { width: 280 });
    doc.text(String(line.quantity), columns.quantity, y, { width: numberWidth.quantity, align: 'right' });
    doc.text(money(line.rate_cents), columns.rate, y, { width: numberWidth.rate, align: 'right' });
    doc.text(money(line.amount_cents), columns.amount, y, { width: numberWidth.amount, align: 'right' });
    y = Math.max(doc.y, y + 12) + 6;
    doc
      .moveTo(left, y - 3)
      .lineTo(right, y - 3)
      .lineWidth(0.5)
      .strokeColor('#e4e7eb')
      .stroke();
  }

  const adjustments = [...applied, ...pending];
  if (adjustments.length > 0) {
    y += 14;
    ensureRoom(60);
    tableHeader('Adjustments', false);
    for (const adjustment of adjustments) {
      ensureRoom(40);
      const label =
        (ADJUSTMENT_LABELS[adjustment.reason] ?? adjustment.reason) +
        (adjustment.status === 'PENDING_REVIEW' ? ' (pending review, not included)' : '');
      doc
        .fillColor('#1f2933')
        .font('Helvetica-Bold')
        .fontSize(9)
        .text(label, columns.description, y, { width: 380 });
      doc.font('Helvetica').text(money(adjustment.delta_cents), columns.amount, y, {
        width: numberWidth.amount,
        align: 'right',
      });
      doc
        .fillColor(grey)
        .fontSize(8)
        .text(adjustment.rationale, columns.description, y + 12, { width: 380 });
      y = doc.y + 8;
      doc
        .moveTo(left, y - 3)
        .lineTo(right, y - 3)
        .lineWidth(0.5)
        .strokeColor('#e4e7eb')
        .stroke();
    }
  }

  // Totals
  y += 16;
  ensureRoom(80);
  const totalsX = left + width - 230;
  const totalRow = (label: string, value: string, bold = false) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(bold ? 12 : 10)
      .fillColor('#1f2933');
    doc.text(label, totalsX, y);
    doc.text(value, totalsX + 100, y, { width: 130, align: 'right' });
    y += bold ? 20 : 16;
  };
  totalRow('Invoice amount', money(invoice.amount_cents));
  totalRow('Adjustments', money(invoice.adjustments_total_cents));
  doc.moveTo(totalsX, y).lineTo(right, y).lineWidth(1.5).strokeColor(blue).stroke();
  y += 6;
  totalRow('Total due', money(invoice.total_due_cents), true);

  // Footer
  y += 24;
  ensureRoom(50);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(grey)
    .text(
      `Payment terms: ${input.paymentTermsDays} days. Please pay by ${formatDate(invoice.due_date)}, quoting ` +
        `${invoice.invoice_number}. Invoices unpaid after the due date incur a late fee of ${money(input.lateFeeCents)}.`,
      left,
      y,
      { width },
    );
  doc.end();
  return done;
}
