import { useState, type FormEvent } from 'react';
import { api, tenantHeader, unwrap, type Schemas } from '../api/client';
import {
  Badge,
  ErrorBox,
  Loading,
  Section,
  TemporalLink,
  formatMinutes,
  formatTime,
  useAsync,
} from '../components/ui';
import { readSession } from '../session';
import { Link } from '../router';

// Reason codes whose resolution waits for a person (packages/domain REASON_CODES needsApproval).
const NEEDS_APPROVAL = new Set(['STOCK_MISMATCH']);
const ACTIVE = new Set(['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS']);

type Detail = Schemas['ExceptionDetail'];
type Attempts = { exception: Schemas['ExceptionResolutionState']; attempts: Schemas['ResolutionAttempt'][] };

/** Who wrote the notes: the AI analyst or the written rules (context_data.ai_analysis.source). */
function notesSource(detail: Detail): string {
  const analysis = detail.context_data.ai_analysis as { source?: string; model?: string } | undefined;
  if (!analysis?.source)
    return detail.ops_note || detail.client_note ? 'written by an operator or an older run' : 'no notes yet';
  if (analysis.source === 'ai')
    return `written by the AI analyst${analysis.model ? ` (${analysis.model})` : ''}`;
  return 'written by the rules (AI not used)';
}

/** Who decided an attempt: the stored decision_source (ai, playbook, human), else what its analysis records. */
function decisionSource(attempt: Schemas['ResolutionAttempt']): string | undefined {
  const approver = (attempt.analysis as { approval?: { approver?: string } } | null | undefined)?.approval
    ?.approver;
  if (attempt.decision_source === 'human') return approver ? `human (approved by ${approver})` : 'human';
  if (attempt.decision_source) return attempt.decision_source;
  const analysis = attempt.analysis as
    { source?: string; approval?: { approver?: string } } | null | undefined;
  if (!analysis || typeof analysis !== 'object') return undefined;
  if (analysis.approval?.approver) return `approved by ${analysis.approval.approver}`;
  return analysis.source;
}

const actionText = (action: unknown) =>
  typeof action === 'string'
    ? action
    : ((action as { type?: string; action?: string })?.type ??
      (action as { action?: string })?.action ??
      JSON.stringify(action));

export function ExceptionDetail({ id }: { id: string }) {
  const detail = useAsync(
    async (): Promise<Detail> =>
      unwrap(await api.GET('/exceptions/{id}', { params: { path: { id }, header: tenantHeader() } })),
    `exception:${id}`,
  );
  const attempts = useAsync(
    async (): Promise<Attempts> =>
      unwrap(
        await api.GET('/exceptions/{id}/attempts', { params: { path: { id }, header: tenantHeader() } }),
      ),
    `attempts:${id}`,
  );
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();
  const [isBusy, setBusy] = useState(false);
  const [blockReason, setBlockReason] = useState('');
  const [approver, setApprover] = useState(() => `console:${readSession()?.tenant ?? 'operator'}`);
  const [note, setNote] = useState('');

  async function act(label: string, run: () => Promise<string>) {
    setBusy(true);
    setMessage(undefined);
    try {
      const text = await run();
      setMessage({ kind: 'ok', text: `${label}: ${text}` });
    } catch (caught) {
      setMessage({
        kind: 'error',
        text: `${label} failed: ${caught instanceof Error ? caught.message : String(caught)}`,
      });
    } finally {
      setBusy(false);
      detail.reload();
      attempts.reload();
    }
  }
  const params = { path: { id }, header: tenantHeader() };
  const decide = (decision: 'approve' | 'reject') =>
    act(decision === 'approve' ? 'Approve' : 'Reject', async () => {
      const body = { approver: approver.trim() || 'console', ...(note.trim() ? { note: note.trim() } : {}) };
      const { result } = unwrap(
        decision === 'approve'
          ? await api.POST('/exceptions/{id}/approve', { params, body })
          : await api.POST('/exceptions/{id}/reject', { params, body }),
      );
      return `outcome ${String(result.outcome ?? 'recorded')}`;
    });
  const block = (event: FormEvent) => {
    event.preventDefault();
    void act('Block', async () => {
      const state = unwrap(
        await api.POST('/exceptions/{id}/block', { params, body: { reason: blockReason } }),
      );
      setBlockReason('');
      return `automation blocked (${state.resolution_block_reason ?? ''})`;
    });
  };
  const reset = () =>
    act('Reset', async () => {
      const state = unwrap(await api.POST('/exceptions/{id}/reset-resolution', { params }));
      return `attempts ${state.resolution_attempts}/${state.max_resolution_attempts}, blocked ${state.resolution_blocked ? 'yes' : 'no'}`;
    });

  const data = detail.data;
  if (!data) return detail.error ? <ErrorBox error={detail.error} /> : <Loading what={`exception ${id}`} />;
  const isActive = ACTIVE.has(data.status);
  const tenant = readSession()?.tenant ?? '';
  const breach = data.breach_context;

  return (
    <>
      <div className="page-head">
        <h1>
          Exception #{data.id} <Badge value={data.status} />
        </h1>
        <span>
          <Badge value={data.severity} /> {data.reason_code} on order{' '}
          <Link to={`/orders/${encodeURIComponent(data.order_id)}`}>{data.order_id}</Link>
        </span>
      </div>
      {message && (
        <p
          className={message.kind === 'ok' ? 'notice' : 'error'}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
      <ErrorBox error={detail.error} />
      <div className="grid">
        <Section title="Notes">
          <p className="muted small">{notesSource(data)}</p>
          <h3>Ops note</h3>
          <p className="note">{data.ops_note ?? '—'}</p>
          <h3>Customer note</h3>
          <p className="note">{data.client_note ?? '—'}</p>
          {data.ai_label && (
            <p className="muted small">
              AI label {data.ai_label}
              {data.ai_confidence !== null ? ` (confidence ${data.ai_confidence})` : ''}
            </p>
          )}
        </Section>
        <Section title="State">
          <dl className="facts">
            <dt>Created</dt>
            <dd>{formatTime(data.created_at)}</dd>
            <dt>Resolved</dt>
            <dd>{formatTime(data.resolved_at)}</dd>
            <dt>Attempts</dt>
            <dd>
              {data.resolution_attempts}/{data.max_resolution_attempts}
            </dd>
            <dt>Automation</dt>
            <dd>{data.resolution_blocked ? `blocked: ${data.resolution_block_reason ?? ''}` : 'allowed'}</dd>
            <dt>Escalation</dt>
            <dd>{data.escalation_level > 0 ? `level ${data.escalation_level}` : 'none'}</dd>
            {breach && (
              <>
                <dt>SLA window</dt>
                <dd>
                  {breach.window}: {formatMinutes(breach.actual_minutes)} of{' '}
                  {formatMinutes(breach.sla_minutes)} (late {formatMinutes(breach.delay_minutes)}), deadline{' '}
                  {formatTime(breach.deadline_at)}
                </dd>
                <dt>Multipliers</dt>
                <dd>
                  {breach.multipliers.length
                    ? breach.multipliers.map((m) => `${m.name} ×${m.value}`).join(', ')
                    : 'none'}
                </dd>
              </>
            )}
            {NEEDS_APPROVAL.has(data.reason_code) && (
              <>
                <dt>Approval run</dt>
                <dd>
                  <TemporalLink workflowId={`exception:${tenant}:${data.id}`} />
                </dd>
              </>
            )}
          </dl>
        </Section>
        <Section title="Actions">
          {NEEDS_APPROVAL.has(data.reason_code) && isActive && (
            <div className="action-group">
              <h3>Approval</h3>
              <label className="field">
                Approver
                <input value={approver} onChange={(event) => setApprover(event.target.value)} />
              </label>
              <label className="field">
                Note (optional)
                <input value={note} onChange={(event) => setNote(event.target.value)} />
              </label>
              <div className="buttons">
                <button
                  type="button"
                  className="primary"
                  disabled={isBusy}
                  onClick={() => void decide('approve')}
                >
                  Approve resolution
                </button>
                <button type="button" disabled={isBusy} onClick={() => void decide('reject')}>
                  Reject
                </button>
              </div>
            </div>
          )}
          <form className="action-group" onSubmit={block}>
            <h3>Block automation</h3>
            <label className="field">
              Reason
              <input
                name="block-reason"
                value={blockReason}
                onChange={(event) => setBlockReason(event.target.value)}
                required
                maxLength={500}
                placeholder="e.g. carrier claim open"
              />
            </label>
            <button type="submit" disabled={isBusy || !blockReason.trim()}>
              Block
            </button>
          </form>
          <div className="action-group">
            <h3>Reset resolution</h3>
            <p className="muted small">Clears attempts, the blocked flag and its reason.</p>
            <button type="button" disabled={isBusy} onClick={() => void reset()}>
              Reset resolution
            </button>
          </div>
        </Section>
      </div>
      <Section title="Resolution attempts">
        <ErrorBox error={attempts.error} />
        {!attempts.data ? (
          <Loading what="attempts" />
        ) : attempts.data.attempts.length === 0 ? (
          <p className="muted">No automated attempt yet.</p>
        ) : (
          <ol className="timeline">
            {attempts.data.attempts.map((attempt) => (
              <li key={attempt.attempt_number}>
                <strong>
                  Attempt {attempt.attempt_number} <Badge value={attempt.status} />
                </strong>
                <span className="muted small">
                  {formatTime(attempt.started_at)} → {formatTime(attempt.finished_at)}
                </span>
                {decisionSource(attempt) && <span>decision: {decisionSource(attempt)}</span>}
                {attempt.actions.length > 0 && (
                  <span>actions: {attempt.actions.map(actionText).join(', ')}</span>
                )}
                {attempt.error && <span className="error-text">{attempt.error}</span>}
                {attempt.workflow_id && (
                  <span>
                    run: <TemporalLink workflowId={attempt.workflow_id} runId={attempt.run_id} />
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title="Order events">
        <ol className="timeline">
          {data.timeline.map((event) => (
            <li key={`${event.source}:${event.event_id}`}>
              <strong>{event.event_type}</strong>
              <span className="muted small">
                {formatTime(event.occurred_at)} · {event.source}
              </span>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
