// Errors that mean "Postgres is not reachable right now" (answered 503 + Retry-After), not "this input is bad".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|connection terminated|connection error|terminating connection|the database system is (starting up|shutting down)|Connection ended|not queryable/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // AggregateError from net.connect when every address family is refused.
  return Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner));
}

/** Deadlocks and serialization failures: the whole transaction can simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Postgres refused the data itself (class 22 data exception, 23 integrity violation, 54 program limit such as a
 * too deeply nested jsonb): the same input will fail again, so it is the client's to fix, never a 5xx.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
