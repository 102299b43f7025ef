// The signed-in session lives in sessionStorage only (closed with the tab), never in a URL or localStorage.

export interface Session {
  /** `tenant`: a tenant API key; `admin`: the admin key, acting for the tenant picked in the header. */
  kind: 'tenant' | 'admin';
  key: string;
  tenant: string;
}

const STORAGE_KEY = 'e2a.console.session';

export function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (
      (parsed.kind === 'tenant' || parsed.kind === 'admin') &&
      parsed.key &&
      typeof parsed.tenant === 'string'
    )
      return { kind: parsed.kind, key: parsed.key, tenant: parsed.tenant };
  } catch {
    // a damaged entry is a signed-out session
  }
  return null;
}

export function writeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}
