import { useState } from 'react';
import { api, unwrap } from './api/client';
import { useAsync } from './components/ui';
import { Admin } from './pages/admin';
import { ExceptionDetail } from './pages/exception-detail';
import { Exceptions } from './pages/exceptions';
import { InvoiceDetail } from './pages/invoice-detail';
import { Invoices } from './pages/invoices';
import { Order } from './pages/order';
import { Overview } from './pages/overview';
import { Settings } from './pages/settings';
import { SignIn } from './pages/sign-in';
import { Link, navigate, useLocation, type Location } from './router';
import { readSession, writeSession, type Session } from './session';

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/exceptions', 'Exceptions'],
  ['/invoices', 'Invoices'],
  ['/settings', 'Settings'],
];

function TenantPicker({ session, onChange }: { session: Session; onChange: (tenant: string) => void }) {
  const tenants = useAsync(async () => unwrap(await api.GET('/admin/tenants')), 'picker');
  return (
    <label className="picker">
      Tenant
      <select value={session.tenant} onChange={(event) => onChange(event.target.value)}>
        {(tenants.data ?? [{ name: session.tenant }]).map((tenant) => (
          <option key={tenant.name}>{tenant.name}</option>
        ))}
      </select>
    </label>
  );
}

function Page({
  location,
  session,
  pick,
}: {
  location: Location;
  session: Session;
  pick: (tenant: string) => void;
}) {
  const [, section, id] = location.path.split('/');
  const decoded = id ? decodeURIComponent(id) : undefined;
  if (section === 'admin' && session.kind === 'admin') return <Admin onPick={pick} />;
  if (!session.tenant) return <p className="muted">Pick a tenant.</p>;
  switch (section) {
    case '':
    case undefined:
      return <Overview />;
    case 'exceptions':
      return decoded ? <ExceptionDetail key={decoded} id={decoded} /> : <Exceptions location={location} />;
    case 'orders':
      return decoded ? (
        <Order key={decoded} id={decoded} />
      ) : (
        <p>Open an order from an exception or an invoice.</p>
      );
    case 'invoices':
      return decoded ? <InvoiceDetail key={decoded} id={decoded} /> : <Invoices location={location} />;
    case 'settings':
      return <Settings />;
    default:
      return (
        <p>
          No such page. <Link to="/">Back to the overview</Link>
        </p>
      );
  }
}

export function App() {
  const [session, setSession] = useState(readSession);
  const location = useLocation();
  if (!session) return <SignIn onSignedIn={setSession} />;

  const pick = (tenant: string) => {
    const next = { ...session, tenant };
    writeSession(next);
    setSession(next);
    navigate('/');
  };
  const signOut = () => {
    writeSession(null);
    setSession(null);
    navigate('/', { replace: true });
  };
  const section = `/${location.path.split('/')[1] ?? ''}`;
  const nav: [string, string][] = session.kind === 'admin' ? [...NAV, ['/admin', 'Admin']] : NAV;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          E²A
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <Link to={to} aria-current={section === to ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {session.kind === 'admin' ? (
            <TenantPicker session={session} onChange={pick} />
          ) : (
            <span className="muted small">{session.tenant}</span>
          )}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={session.tenant} location={location} session={session} pick={pick} />
      </main>
    </>
  );
}
