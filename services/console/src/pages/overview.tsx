import { api, tenantHeader, unwrap, type Schemas } from '../api/client';
import { Badge, ErrorBox, Loading, Section, formatTime, useAsync } from '../components/ui';
import { Link, withQuery } from '../router';

const REFRESH_MS = 15_000;

type Count = { count: number; filters: Record<string, string> };

/** A number that opens the exception list behind it (the API gives the filter with the count). */
function CountLink({ entry, label }: { entry: Count; label: string }) {
  return (
    <Link
      to={withQuery('/exceptions', entry.filters)}
      className="count-link"
      aria-label={`${label}: ${entry.count}`}
    >
      {entry.count.toLocaleString()}
    </Link>
  );
}

function Tile({ label, entry, hint }: { label: string; entry: Count; hint?: string }) {
  return (
    <div className="tile">
      <span className="tile-label">{label}</span>
      <CountLink entry={entry} label={label} />
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
}

function Breakdown({ title, values }: { title: string; values: Record<string, Count> }) {
  const entries = Object.entries(values).sort((a, b) => b[1].count - a[1].count);
  return (
    <Section title={title}>
      {entries.length === 0 ? (
        <p className="muted">None open.</p>
      ) : (
        <ul className="bars">
          {entries.map(([key, entry]) => (
            <li key={key}>
              <span>{key}</span>
              <CountLink entry={entry} label={`${title} ${key}`} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function Overview() {
  const overview = useAsync(
    async (): Promise<Schemas['Overview']> =>
      unwrap(await api.GET('/api/overview', { params: { header: tenantHeader() } })),
    'overview',
    REFRESH_MS,
  );
  const data = overview.data;
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <span className="muted small" aria-live="polite">
          {data ? `as of ${formatTime(data.as_of)} · refreshes every ${REFRESH_MS / 1000} s` : ''}
        </span>
      </div>
      <ErrorBox error={overview.error} />
      {!data ? (
        <Loading what="the overview" />
      ) : (
        <>
          <div className="tiles">
            <Tile label="Open exceptions" entry={data.open_exceptions} />
            <Tile label="Awaiting approval" entry={data.awaiting_approval} />
            <Tile label="Escalated" entry={data.escalated} />
            <Tile label="Automation blocked" entry={data.blocked} />
            <div className="tile">
              <span className="tile-label">Automation rate</span>
              <Link to={withQuery('/exceptions', { status: 'RESOLVED' })} className="count-link">
                {data.automation_rate}%
              </Link>
              <span className="muted small">auto-resolved / all exceptions</span>
            </div>
          </div>
          <div className="grid">
            <Breakdown title="Open by reason" values={data.open_exceptions.by_reason_code} />
            <Breakdown title="Open by severity" values={data.open_exceptions.by_severity} />
            <Section title="SLA breaches in the last 24 h, by stage">
              <ul className="bars">
                {data.breaches_last_24h.by_stage.map((stage) => (
                  <li key={stage.stage}>
                    <span>
                      {stage.stage} <span className="muted small">({stage.reason_code})</span>
                    </span>
                    <CountLink entry={stage} label={`${stage.stage} breaches`} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title="Enrichment health">
              <dl className="facts">
                <dt>Status</dt>
                <dd>
                  <Badge value={data.enrichment.status} />
                </dd>
                <dt>Completeness</dt>
                <dd>{data.enrichment.completeness}%</dd>
                <dt>Quality</dt>
                <dd>{data.enrichment.quality}%</dd>
                <dt>Failure rate</dt>
                <dd>{data.enrichment.failure_rate}%</dd>
                <dt>Backlog</dt>
                <dd>{data.enrichment.backlog}</dd>
                <dt>Alerts</dt>
                <dd>{data.enrichment.alerts}</dd>
              </dl>
            </Section>
            <Section title="Circuit breakers">
              {data.circuit_breakers.length === 0 ? (
                <p className="muted">No breaker has tripped yet.</p>
              ) : (
                <ul className="bars">
                  {data.circuit_breakers.map((breaker) => (
                    <li key={breaker.name}>
                      <span>{breaker.name}</span>
                      <Badge value={breaker.state} />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Dead letters and quarantine">
              <dl className="facts">
                <dt>DLQ pending</dt>
                <dd>{data.dlq.pending}</dd>
                <dt>DLQ due for replay</dt>
                <dd>{data.dlq.due}</dd>
                <dt>DLQ failed</dt>
                <dd>{data.dlq.failed}</dd>
                <dt>Quarantined</dt>
                <dd>{data.quarantined}</dd>
              </dl>
            </Section>
          </div>
        </>
      )}
    </>
  );
}
