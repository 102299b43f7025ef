import { useState, type FormEvent } from 'react';
import { api, tenantHeader, unwrap } from '../api/client';
import { writeSession, type Session } from '../session';

/** Tenant key (with the tenant's name) or the admin key; checked against the API before it is kept. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [kind, setKind] = useState<Session['kind']>('tenant');
  const [tenant, setTenant] = useState('demo-3pl');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      let session: Session;
      if (kind === 'admin') {
        writeSession({ kind, key, tenant: '' });
        const tenants = unwrap(await api.GET('/admin/tenants'));
        const names = tenants.map((entry) => entry.name);
        session = { kind, key, tenant: names.includes('demo-3pl') ? 'demo-3pl' : (names[0] ?? '') };
      } else {
        session = { kind, key, tenant: tenant.trim() };
        writeSession(session);
        unwrap(await api.GET('/api/overview', { params: { header: tenantHeader() } }));
      }
      writeSession(session);
      onSignedIn(session);
    } catch (caught) {
      writeSession(null);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">E²A console</h1>
        <p className="muted">Sign in with your tenant’s API key, or with the admin key to pick any tenant.</p>
        <fieldset className="segmented">
          <legend>Key</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'tenant'} onChange={() => setKind('tenant')} />{' '}
            Tenant API key
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'admin'} onChange={() => setKind('admin')} />{' '}
            Admin key
          </label>
        </fieldset>
        {kind === 'tenant' && (
          <label className="field">
            Tenant
            <input
              name="tenant"
              value={tenant}
              onChange={(event) => setTenant(event.target.value)}
              required
              autoComplete="username"
            />
          </label>
        )}
        <label className="field">
          {kind === 'admin' ? 'Admin key' : 'API key'}
          <input
            name="key"
            type="password"
            value={key}
            onChange={(event) => setKey(event.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          The key stays in this tab’s session storage and is sent only as an Authorization header.
        </p>
      </form>
    </main>
  );
}
