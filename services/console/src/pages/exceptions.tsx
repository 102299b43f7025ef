import { useState, type FormEvent } from 'react';
import { api, tenantHeader, unwrap, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { Badge, ErrorBox, Loading, Pager, formatAge, formatTime, useAsync } from '../components/ui';
import { Link, navigate, withQuery, type Location } from '../router';

type Query = NonNullable<paths['/exceptions']['get']['parameters']['query']>;
type SortField = NonNullable<Query['sort']>;

// The choices the API accepts, as its document types them (a new value fails the build until listed here).
const STATUSES: NonNullable<Query['status']>[] = [
  'OPEN',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'RESOLVED',
  'CLOSED',
];
const SEVERITIES: NonNullable<Query['severity']>[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const REASONS: NonNullable<Query['reason_code']>[] = [
  'PICK_DELAY',
  'PACK_DELAY',
  'CARRIER_ISSUE',
  'MISSING_SCAN',
  'DELIVERY_DELAY',
  'STOCK_MISMATCH',
  'INVENTORY_SHORTAGE',
  'ADDRESS_ERROR',
  'ADDRESS_INVALID',
  'PAYMENT_FAILED',
  'DAMAGED_PACKAGE',
  'CUSTOMER_UNAVAILABLE',
  'SYSTEM_ERROR',
  'OTHER',
];
/** Age filter: older than N hours (created_before = now − N h). */
const AGES: [string, string][] = [
  ['', 'any age'],
  ['1', 'older than 1 h'],
  ['4', 'older than 4 h'],
  ['24', 'older than 24 h'],
  ['168', 'older than 7 d'],
];
const FLAGS = ['active', 'awaiting_approval', 'escalated', 'blocked'] as const;
const COLUMNS: [SortField | null, string][] = [
  [null, 'ID'],
  ['order_id', 'Order'],
  ['reason_code', 'Reason'],
  ['severity', 'Severity'],
  ['status', 'Status'],
  ['created_at', 'Age'],
  [null, 'Attempts'],
];

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined =>
  allowed.find((candidate) => candidate === value);
const flag = (value: string | null) => (value === 'true' || value === 'false' ? value : undefined);

function queryFrom(params: URLSearchParams): Query {
  const ageHours = Number(params.get('age_hours') ?? '');
  const query: Query = {
    status: pick(params.get('status'), STATUSES),
    reason_code: pick(params.get('reason_code'), REASONS),
    severity: pick(params.get('severity'), SEVERITIES),
    order_id: params.get('order_id') || undefined,
    created_after: params.get('created_after') || undefined,
    created_before:
      params.get('created_before') ||
      (ageHours > 0 ? new Date(Date.now() - ageHours * 3_600_000).toISOString() : undefined),
    sort:
      pick(
        params.get('sort'),
        COLUMNS.flatMap(([field]) => (field ? [field] : [])),
      ) ?? 'created_at',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
    page_size: pick(params.get('page_size'), ['20', '50', '100']) ? Number(params.get('page_size')) : 20,
  };
  for (const name of FLAGS) {
    const value = flag(params.get(name));
    if (value) query[name] = value;
  }
  return query;
}

export function Exceptions({ location }: { location: Location }) {
  const params = location.query;
  const query = queryFrom(params);
  // The age filter is kept as hours in the URL, so a shared link stays relative to now.
  const key = params.toString();
  const list = useAsync(
    async (): Promise<Schemas['ExceptionPage']> =>
      unwrap(await api.GET('/exceptions', { params: { query, header: tenantHeader() } })),
    key,
  );
  const [orderId, setOrderId] = useState(params.get('order_id') ?? '');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    if (!('page' in changes)) next.delete('page');
    navigate(withQuery('/exceptions', Object.fromEntries(next)));
  };
  const sortBy = (field: SortField) =>
    update({ sort: field, order: query.sort === field && query.order === 'desc' ? 'asc' : 'desc' });
  const submitOrder = (event: FormEvent) => {
    event.preventDefault();
    update({ order_id: orderId.trim() });
  };
  const activeFlags = FLAGS.filter((name) => query[name]);

  return (
    <>
      <div className="page-head">
        <h1>Exceptions</h1>
      </div>
      <form className="filters" onSubmit={submitOrder} aria-label="Filters">
        <label>
          Status
          <select value={query.status ?? ''} onChange={(event) => update({ status: event.target.value })}>
            <option value="">any</option>
            {STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <select
            value={query.reason_code ?? ''}
            onChange={(event) => update({ reason_code: event.target.value })}
          >
            <option value="">any</option>
            {REASONS.map((reason) => (
              <option key={reason}>{reason}</option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={query.severity ?? ''} onChange={(event) => update({ severity: event.target.value })}>
            <option value="">any</option>
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        </label>
        <label>
          Age
          <select
            value={params.get('age_hours') ?? ''}
            onChange={(event) => update({ age_hours: event.target.value, created_before: undefined })}
          >
            {AGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order id
          <input
            value={orderId}
            onChange={(event) => setOrderId(event.target.value)}
            placeholder="e.g. DEMO-0001"
          />
        </label>
        <button type="submit">Apply</button>
        <label>
          Per page
          <select
            value={String(query.page_size)}
            onChange={(event) => update({ page_size: event.target.value })}
          >
            {['20', '50', '100'].map((size) => (
              <option key={size}>{size}</option>
            ))}
          </select>
        </label>
      </form>
      {(activeFlags.length > 0 || query.created_after) && (
        <p className="chips">
          {activeFlags.map((name) => (
            <button key={name} type="button" className="chip" onClick={() => update({ [name]: undefined })}>
              {name.replace('_', ' ')}: {query[name]} ✕
            </button>
          ))}
          {query.created_after && (
            <button type="button" className="chip" onClick={() => update({ created_after: undefined })}>
              since {formatTime(query.created_after)} ✕
            </button>
          )}
        </p>
      )}
      <ErrorBox error={list.error} />
      {!list.data ? (
        <Loading what="exceptions" />
      ) : (
        <>
          <div className="table-wrap">
            <table aria-busy={list.isLoading}>
              <thead>
                <tr>
                  {COLUMNS.map(([field, label]) => (
                    <th
                      key={label}
                      scope="col"
                      aria-sort={
                        field && query.sort === field
                          ? query.order === 'asc'
                            ? 'ascending'
                            : 'descending'
                          : undefined
                      }
                    >
                      {field ? (
                        <button type="button" className="sort" onClick={() => sortBy(field)}>
                          {label}
                          {query.sort === field ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={COLUMNS.length} className="muted">
                      No exceptions match.
                    </td>
                  </tr>
                )}
                {list.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <Link to={`/exceptions/${item.id}`}>#{item.id}</Link>
                    </td>
                    <td>
                      <Link to={`/orders/${encodeURIComponent(item.order_id)}`}>{item.order_id}</Link>
                    </td>
                    <td>{item.reason_code}</td>
                    <td>
                      <Badge value={item.severity} />
                    </td>
                    <td>
                      <Badge value={item.status} />
                      {item.resolution_blocked && <Badge value="BLOCKED" />}
                      {item.escalation_level > 0 && (
                        <Badge value={`ESCALATED ${item.escalation_level}`} kind="escalated" />
                      )}
                    </td>
                    <td title={formatTime(item.created_at)}>{formatAge(item.created_at)}</td>
                    <td>
                      {item.resolution_attempts}/{item.max_resolution_attempts}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={list.data.page}
            pageSize={list.data.page_size}
            total={list.data.total}
            onPage={(page) => update({ page: String(page) })}
          />
        </>
      )}
    </>
  );
}
