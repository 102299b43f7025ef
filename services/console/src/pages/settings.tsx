import type { ReactNode } from 'react';
import { api, tenantHeader, unwrap } from '../api/client';
import { SETTINGS_ROUTES } from '../api/settings-routes';
import { ErrorBox, Loading, Section, useAsync } from '../components/ui';
import { readSession } from '../session';

// Read-only: every GET /tenants/{name}/... the API documents (generated list), so settings APIs added later show up
// after the next build. Changes go through the API (PUT) or the CLI, which validate and version them.

const EXPECTED = [
  { name: 'Playbooks', pattern: /playbook/ },
  { name: 'Notification endpoints', pattern: /notification/ },
];

function Value({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">none</span>;
    if (value.every((item) => typeof item !== 'object' || item === null))
      return <span>{value.map(String).join(', ')}</span>;
    return (
      <ol className="plain nested">
        {value.map((item, index) => (
          <li key={index}>
            <Value value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="muted">none</span>;
    return (
      <dl className="facts nested">
        {entries.map(([key, item]) => (
          <div key={key} className="fact">
            <dt>{key.replace(/_/g, ' ')}</dt>
            <dd>
              <Value value={item} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{String(value)}</span>;
}

function Setting({ path, summary }: { path: string; summary: string }) {
  const tenant = readSession()?.tenant ?? '';
  const setting = useAsync(
    async (): Promise<unknown> =>
      // The list is generated from the document; each entry is one of its GET /tenants/{name}/... paths.
      unwrap(
        await api.GET(path as '/tenants/{name}/tariffs', {
          params: { path: { name: tenant }, header: tenantHeader() },
        }),
      ),
    `${path}:${tenant}`,
  );
  const title = path.split('/').pop()!.replace(/-/g, ' ');
  return (
    <Section title={title.charAt(0).toUpperCase() + title.slice(1)}>
      <p className="muted small">{summary}</p>
      <ErrorBox error={setting.error} />
      {setting.data === undefined ? (
        setting.error ? null : (
          <Loading what={title} />
        )
      ) : (
        <Value value={setting.data} />
      )}
    </Section>
  );
}

export function Settings() {
  const missing = EXPECTED.filter(
    ({ pattern }) => !SETTINGS_ROUTES.some((route) => pattern.test(route.path)),
  );
  return (
    <>
      <div className="page-head">
        <h1>Settings</h1>
        <span className="muted small">read-only here; change them with PUT on the API or the e2a CLI</span>
      </div>
      <div className="grid">
        {SETTINGS_ROUTES.map((route) => (
          <Setting key={route.path} path={route.path} summary={route.summary} />
        ))}
        {missing.map(({ name }) => (
          <Section key={name} title={name}>
            <p className="muted">Not available: this API does not offer {name.toLowerCase()} yet.</p>
          </Section>
        ))}
      </div>
    </>
  );
}
