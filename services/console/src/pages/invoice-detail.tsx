import { useEffect, useState } from 'react';
import { api, tenantHeader, unwrap, ApiError, type Schemas } from '../api/client';
import { Badge, ErrorBox, Loading, Section, formatMoney, formatTime, useAsync } from '../components/ui';
import { Link } from '../router';

/** One invoice: lines, adjustments, and its document (HTML inline, PDF as a download made from an authorised fetch). */
export function InvoiceDetail({ id }: { id: string }) {
  const invoice = useAsync(
    async (): Promise<Schemas['InvoiceDetail']> =>
      unwrap(await api.GET('/invoices/{id}', { params: { path: { id }, header: tenantHeader() } })),
    `invoice:${id}`,
  );
  const [documentHtml, setDocumentHtml] = useState<string>();
  const [pdfUrl, setPdfUrl] = useState<string>();
  const [error, setError] = useState<Error>();
  useEffect(
    () => () => {
      if (pdfUrl) URL.revokeObjectURL(pdfUrl);
    },
    [pdfUrl],
  );

  async function showDocument() {
    setError(undefined);
    const result = await api.GET('/invoices/{id}/document', {
      params: { path: { id }, query: { format: 'html' }, header: tenantHeader() },
      parseAs: 'text',
    });
    if (!result.response.ok)
      setError(new ApiError(result.response.status, `document: ${result.response.status}`));
    else setDocumentHtml(result.data as unknown as string);
  }
  async function makePdf() {
    setError(undefined);
    const result = await api.GET('/invoices/{id}/document', {
      params: { path: { id }, query: { format: 'pdf' }, header: tenantHeader() },
      parseAs: 'blob',
    });
    if (!result.response.ok) setError(new ApiError(result.response.status, `PDF: ${result.response.status}`));
    else setPdfUrl(URL.createObjectURL(result.data as unknown as Blob));
  }

  const data = invoice.data;
  if (!data) return invoice.error ? <ErrorBox error={invoice.error} /> : <Loading what={`invoice ${id}`} />;
  return (
    <>
      <div className="page-head">
        <h1>
          {data.invoice_number} <Badge value={data.status} />
        </h1>
        <span>
          {data.order_id ? (
            <>
              order <Link to={`/orders/${encodeURIComponent(data.order_id)}`}>{data.order_id}</Link> ·{' '}
            </>
          ) : (
            'monthly · '
          )}
          {data.billing_period}
        </span>
      </div>
      <div className="grid">
        <Section title="Amounts">
          <dl className="facts">
            <dt>Lines</dt>
            <dd>{formatMoney(data.amount_cents, data.currency)}</dd>
            <dt>Adjustments applied</dt>
            <dd>{formatMoney(data.adjustments_total_cents, data.currency)}</dd>
            <dt>Total due</dt>
            <dd>{formatMoney(data.total_due_cents, data.currency)}</dd>
            <dt>Invoice date</dt>
            <dd>{formatTime(data.invoice_date)}</dd>
            <dt>Due</dt>
            <dd>{formatTime(data.due_date)}</dd>
          </dl>
        </Section>
        <Section title="Adjustments">
          {data.adjustments.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain">
              {data.adjustments.map((adjustment) => (
                <li key={adjustment.id}>
                  {adjustment.reason} {formatMoney(adjustment.delta_cents, data.currency)}{' '}
                  <Badge value={adjustment.status} />
                  <div className="muted small">{adjustment.rationale}</div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <Section title="Line items">
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Quantity</th>
                <th scope="col">Rate</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {data.line_items.map((line, index) => (
                <tr key={index}>
                  <td>{line.description}</td>
                  <td>{line.quantity}</td>
                  <td>{formatMoney(line.rate_cents, data.currency)}</td>
                  <td>{formatMoney(line.amount_cents, data.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Section
        title="Document"
        actions={
          <span className="buttons">
            <button type="button" onClick={() => void showDocument()}>
              Show HTML document
            </button>
            {pdfUrl ? (
              <a className="button" href={pdfUrl} download={`${data.invoice_number}.pdf`}>
                Download PDF
              </a>
            ) : (
              <button type="button" onClick={() => void makePdf()}>
                Prepare PDF
              </button>
            )}
          </span>
        }
      >
        <ErrorBox error={error} />
        {documentHtml ? (
          <iframe
            title={`Invoice ${data.invoice_number}`}
            className="document"
            sandbox=""
            srcDoc={documentHtml}
          />
        ) : (
          <p className="muted">The document the customer receives, rendered by the API.</p>
        )}
      </Section>
    </>
  );
}
