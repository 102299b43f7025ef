import { api, tenantHeader, unwrap, type Schemas } from '../api/client';
import {
  Badge,
  ErrorBox,
  Loading,
  Section,
  formatMinutes,
  formatMoney,
  formatTime,
  useAsync,
} from '../components/ui';
import { Link } from '../router';

/** "Why was this order late, and what did it cost us?" */
export function Order({ id }: { id: string }) {
  const timeline = useAsync(
    async (): Promise<Schemas['OrderTimeline']> =>
      unwrap(await api.GET('/orders/{id}', { params: { path: { id }, header: tenantHeader() } })),
    `order:${id}`,
  );
  const data = timeline.data;
  if (!data) return timeline.error ? <ErrorBox error={timeline.error} /> : <Loading what={`order ${id}`} />;
  const { order } = data;
  const breached = data.sla_windows.filter((window) => window.breached);
  const credits = data.invoices.flatMap((invoice) =>
    invoice.adjustments.filter((adjustment) => adjustment.reason === 'SLA_CREDIT'),
  );
  return (
    <>
      <div className="page-head">
        <h1>Order {order.order_id}</h1>
        <span>
          {order.service_level}
          {order.flags.map((flag) => (
            <Badge key={flag} value={flag} kind="flag" />
          ))}
        </span>
      </div>
      <p className="summary" role="note">
        {breached.length === 0
          ? 'No SLA window breached.'
          : `Late in ${breached.map((window) => `${window.stage} (${formatMinutes(window.actual_minutes)} of ${formatMinutes(window.sla_minutes)})`).join(', ')}.`}{' '}
        {credits.length > 0 &&
          `SLA credits: ${credits.map((credit) => formatMoney(credit.delta_cents, data.invoices[0]?.currency ?? 'USD')).join(', ')}.`}
      </p>
      <Section title="SLA windows">
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Deadline</th>
                <th scope="col">Ended</th>
                <th scope="col">Took / allowed</th>
                <th scope="col">Multipliers</th>
              </tr>
            </thead>
            <tbody>
              {data.sla_windows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    Not evaluated yet.
                  </td>
                </tr>
              )}
              {data.sla_windows.map((window) => (
                <tr key={window.stage} className={window.breached ? 'row-breached' : undefined}>
                  <td>{window.stage}</td>
                  <td>
                    <Badge value={window.breached ? 'BREACHED' : window.status} />
                    {window.scan_missing && <Badge value="SCAN MISSING" kind="breached" />}
                  </td>
                  <td>{formatTime(window.started_at)}</td>
                  <td>{formatTime(window.deadline_at)}</td>
                  <td>{formatTime(window.completed_at)}</td>
                  <td>
                    {formatMinutes(window.actual_minutes)} / {formatMinutes(window.sla_minutes)}
                  </td>
                  <td>
                    {window.multipliers.length
                      ? window.multipliers.map((m) => `${m.name} ×${m.value}`).join(', ')
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <div className="grid">
        <Section title="Exceptions">
          {data.exceptions.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="bars">
              {data.exceptions.map((exception) => (
                <li key={exception.id}>
                  <Link to={`/exceptions/${exception.id}`}>
                    #{exception.id} {exception.reason_code}
                  </Link>
                  <span>
                    <Badge value={exception.severity} /> <Badge value={exception.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Invoice and adjustments">
          {data.invoices.length === 0 ? (
            <p className="muted">Not invoiced yet.</p>
          ) : (
            data.invoices.map((invoice) => (
              <div key={invoice.id}>
                <p>
                  <Link to={`/invoices/${invoice.id}`}>{invoice.invoice_number}</Link>{' '}
                  <Badge value={invoice.status} />
                </p>
                <dl className="facts">
                  <dt>Amount</dt>
                  <dd>{formatMoney(invoice.amount_cents, invoice.currency)}</dd>
                  <dt>Adjustments applied</dt>
                  <dd>{formatMoney(invoice.adjustments_total_cents, invoice.currency)}</dd>
                  <dt>Total due</dt>
                  <dd>{formatMoney(invoice.total_due_cents, invoice.currency)}</dd>
                </dl>
                <ul className="plain">
                  {invoice.adjustments.map((adjustment) => (
                    <li key={adjustment.id}>
                      {adjustment.reason} {formatMoney(adjustment.delta_cents, invoice.currency)}{' '}
                      <Badge value={adjustment.status} />
                      <span className="muted small"> {adjustment.rationale}</span>
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </Section>
        <Section title="Milestones">
          <dl className="facts">
            {Object.entries(order.milestones)
              .filter(([, at]) => at)
              .map(([name, at]) => (
                <div key={name} className="fact">
                  <dt>{name.replace('_', ' ')}</dt>
                  <dd>{formatTime(at)}</dd>
                </div>
              ))}
          </dl>
          <p className="muted small">
            Evaluated {formatTime(order.evaluated_at)} · next deadline {formatTime(order.next_deadline_at)}
          </p>
        </Section>
      </div>
      <Section title={`Events (${data.events.length})`}>
        <ol className="timeline">
          {data.events.map((event) => (
            <li key={`${event.source}:${event.event_id}`}>
              <strong>{event.event_type}</strong>
              <span className="muted small">
                {formatTime(event.occurred_at)} · {event.source} · received {formatTime(event.received_at)}
              </span>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
