import { api, unwrap } from '../api/client';
import { Badge, ErrorBox, Loading, Section, TemporalLink, formatTime, useAsync } from '../components/ui';

/** Admin key only: every tenant's state and the dead-letter queue across tenants. */
export function Admin({ onPick }: { onPick: (tenant: string) => void }) {
  const tenants = useAsync(async () => unwrap(await api.GET('/admin/tenants')), 'admin:tenants');
  const dlq = useAsync(
    async () => unwrap(await api.GET('/admin/dlq/stats', { params: { query: {} } })),
    'admin:dlq',
  );
  return (
    <>
      <div className="page-head">
        <h1>Admin</h1>
      </div>
      <Section title="Tenants">
        <ErrorBox error={tenants.error} />
        {!tenants.data ? (
          <Loading what="tenants" />
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">State</th>
                  <th scope="col">Monitor</th>
                  <th scope="col">Schedules</th>
                  <th scope="col">Created</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {tenants.data.map((tenant) => (
                  <tr key={tenant.name}>
                    <td>
                      {tenant.name}
                      {tenant.display_name ? (
                        <span className="muted small"> {tenant.display_name}</span>
                      ) : null}
                    </td>
                    <td>
                      <Badge value={tenant.state} />
                    </td>
                    <td>
                      <TemporalLink workflowId={tenant.monitor.workflow_id}>
                        {tenant.monitor.running ? 'running' : 'stopped'}
                      </TemporalLink>
                    </td>
                    <td>
                      {tenant.schedules.present}/{tenant.schedules.expected}
                      {tenant.schedules.paused > 0 ? ` (${tenant.schedules.paused} paused)` : ''}
                    </td>
                    <td>{formatTime(tenant.created_at)}</td>
                    <td>
                      <button type="button" onClick={() => onPick(tenant.name)}>
                        Work as {tenant.name}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title="Dead-letter queue (all tenants)">
        <ErrorBox error={dlq.error} />
        {!dlq.data ? (
          <Loading what="DLQ statistics" />
        ) : (
          <dl className="facts">
            <dt>Pending</dt>
            <dd>{dlq.data.byStatus.PENDING}</dd>
            <dt>Due for replay</dt>
            <dd>{dlq.data.due}</dd>
            <dt>Failed</dt>
            <dd>{dlq.data.byStatus.FAILED}</dd>
            <dt>Replayed</dt>
            <dd>{dlq.data.byStatus.REPLAYED}</dd>
            <dt>Oldest pending</dt>
            <dd>{formatTime(dlq.data.oldestPendingAt)}</dd>
          </dl>
        )}
      </Section>
    </>
  );
}
