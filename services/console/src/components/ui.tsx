import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { loadRuntimeConfig, temporalRunUrl, type RuntimeConfig } from '../runtime-config';

export interface Async<T> {
  data: T | undefined;
  error: Error | undefined;
  isLoading: boolean;
  reload: () => void;
}

/** Runs `load` when `key` changes (and on reload / every `refreshMs`); keeps the last data while reloading. */
export function useAsync<T>(load: () => Promise<T>, key: string, refreshMs?: number): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; isLoading: boolean }>({ isLoading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let isCurrent = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    loadRef.current().then(
      (data) => isCurrent && setState({ data, isLoading: false }),
      (error: unknown) =>
        isCurrent &&
        setState((previous) => ({
          data: previous.data,
          error: error instanceof Error ? error : new Error(String(error)),
          isLoading: false,
        })),
    );
    return () => {
      isCurrent = false;
    };
  }, [key, tick]);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = window.setInterval(() => setTick((value) => value + 1), refreshMs);
    return () => window.clearInterval(timer);
  }, [refreshMs]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data: state.data, error: state.error, isLoading: state.isLoading, reload };
}

export function useRuntimeConfig(): RuntimeConfig | undefined {
  const [config, setConfig] = useState<RuntimeConfig>();
  useEffect(() => {
    void loadRuntimeConfig().then(setConfig);
  }, []);
  return config;
}

export function TemporalLink({
  workflowId,
  runId,
  children,
}: {
  workflowId: string;
  runId?: string | null;
  children?: ReactNode;
}) {
  const config = useRuntimeConfig();
  if (!config) return <code>{workflowId}</code>;
  return (
    <a
      href={temporalRunUrl(config, workflowId, runId)}
      target="_blank"
      rel="noreferrer"
      title="Open in the Temporal Web UI"
    >
      {children ?? workflowId} ↗
    </a>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="card" aria-label={title}>
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Badge({ value, kind }: { value: string; kind?: string }) {
  return <span className={`badge badge-${(kind ?? value).toLowerCase()}`}>{value}</span>;
}

export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        ← Previous
      </button>
      <span>
        Page {props.page} of {pages} · {props.total.toLocaleString()} total
      </span>
      <button type="button" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
        Next →
      </button>
    </nav>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatTime = (value: string | null | undefined) =>
  value ? dateTime.format(new Date(value)) : '—';

export function formatAge(value: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(value).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export const formatMoney = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);

export const formatMinutes = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${Math.round(value)} min`;
