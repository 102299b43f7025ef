import { useState } from 'react';
import { api, tenantHeader, unwrap, type Schemas } from '../api/client';
import {
  Badge,
  ErrorBox,
  Loading,
  Pager,
  Section,
  formatMoney,
  formatTime,
  useAsync,
} from '../components/ui';
import { Link, navigate, withQuery, type Location } from '../router';
import { readSession } from '../session';

const STATUSES = ['PENDING', 'DRAFT', 'SENT', 'PAID', 'VOID'] as const;
const PAGE_SIZE = 20;

function ReviewQueue() {
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string>();
  const queue = useAsync(
    async (): Promise<Schemas['InvoiceAdjustmentPage']> =>
      unwrap(
        await api.GET('/invoice-adjustments', {
          params: { query: { status: 'PENDING_REVIEW', page, page_size: PAGE_SIZE }, header: tenantHeader() },
        }),
      ),
    `queue:${page}`,
  );
  async function decide(id: string, decision: 'approve' | 'reject') {
    const params = { path: { id }, header: tenantHeader() };
    const body = { decided_by: `console:${readSession()?.tenant ?? 'operator'}` };
    try {
      const adjustment = unwrap(
        decision === 'approve'
          ? await api.POST('/invoice-adjustments/{id}/approve', { params, body })
          : await api.POST('/invoice-adjustments/{id}/reject', { params, body }),
      );
      setMessage(`Adjustment ${adjustment.id} is ${adjustment.status}`);
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    }
    queue.reload();
  }
  return (
    <Section title="Adjustments pending review">
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={queue.error} />
      {!queue.data ? (
        <Loading what="adjustments" />
      ) : queue.data.items.length === 0 ? (
        <p className="muted">Nothing waits for review.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Rationale</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.items.map((adjustment) => (
                  <tr key={adjustment.id}>
                    <td>
                      <Link to={`/invoices/${adjustment.invoice_id}`}>{adjustment.invoice_number}</Link>
                    </td>
                    <td>
                      {adjustment.reason} {adjustment.priority === 'HIGH' && <Badge value="HIGH" />}
                    </td>
                    <td>{formatMoney(adjustment.delta_cents, 'USD')}</td>
                    <td className="small">{adjustment.rationale}</td>
                    <td className="buttons">
                      <button type="button" onClick={() => void decide(adjustment.id, 'approve')}>
                        Approve
                      </button>
                      <button type="button" onClick={() => void decide(adjustment.id, 'reject')}>
                        Reject
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={queue.data.total} onPage={setPage} />
        </>
      )}
    </Section>
  );
}

export function Invoices({ location }: { location: Location }) {
  const status = STATUSES.find((value) => value === location.query.get('status'));
  const orderId = location.query.get('order_id') || undefined;
  const page = Math.max(1, Number(location.query.get('page') ?? '1') || 1);
  const list = useAsync(
    async (): Promise<Schemas['InvoicePage']> =>
      unwrap(
        await api.GET('/invoices', {
          params: {
            query: { status, order_id: orderId, page, page_size: PAGE_SIZE },
            header: tenantHeader(),
          },
        }),
      ),
    location.query.toString(),
  );
  const go = (changes: Record<string, string | undefined>) =>
    navigate(withQuery('/invoices', { status, order_id: orderId, ...changes }));
  return (
    <>
      <div className="page-head">
        <h1>Invoices</h1>
      </div>
      <ReviewQueue />
      <Section title="Invoices">
        <div className="filters">
          <label>
            Status
            <select
              value={status ?? ''}
              onChange={(event) => go({ status: event.target.value || undefined })}
            >
              <option value="">any</option>
              {STATUSES.map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBox error={list.error} />
        {!list.data ? (
          <Loading what="invoices" />
        ) : (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Order</th>
                    <th scope="col">Status</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Date</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.length === 0 && (
                    <tr>
                      <td colSpan={5} className="muted">
                        No invoices yet.
                      </td>
                    </tr>
                  )}
                  {list.data.items.map((invoice) => (
                    <tr key={invoice.id}>
                      <td>
                        <Link to={`/invoices/${invoice.id}`}>{invoice.invoice_number}</Link>
                      </td>
                      <td>
                        {invoice.order_id ? (
                          <Link to={`/orders/${encodeURIComponent(invoice.order_id)}`}>
                            {invoice.order_id}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <Badge value={invoice.status} />
                      </td>
                      <td>{formatMoney(invoice.amount_cents, invoice.currency)}</td>
                      <td>{formatTime(invoice.invoice_date)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onPage={(next) => go({ page: String(next) })}
            />
          </>
        )}
      </Section>
    </>
  );
}
