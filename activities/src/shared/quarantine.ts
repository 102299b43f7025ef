import { Context } from '@temporalio/activity';
import { quarantineRecord, withSavepoint, type Database } from '@e2a/db';
import { DomainInvariantError, type QuarantineKind } from '@e2a/domain';
import type { Transaction } from 'kysely';
import type { ActivityDeps } from '../deps';
import { mapWithConcurrency } from './concurrency';

export { QUARANTINE_KINDS, type QuarantineKind } from '@e2a/domain';

export interface FailureClass {
  /** A data error fails the same way on every retry: quarantine the record. Anything else is retried. */
  isDataError: boolean;
  /** `postgres_22008`, `zod`, `domain_invariant`, `range`, or the error's name for infrastructure errors. */
  errorClass: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && SQLSTATE.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Data errors: Postgres class 22 (data exception) and 23 (integrity constraint), a zod parse failure, a
 * `DomainInvariantError`, and a `RangeError` (an invalid date such as year 10000 serialised). Everything else
 * (connection refused, timeouts, Postgres classes 08, 40, 53, 57) is infrastructure and keeps Temporal's retries.
 */
export function classifyFailure(error: unknown): FailureClass {
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = sqlStateOf(error);
  if (sqlState && (sqlState.startsWith('22') || sqlState.startsWith('23'))) {
    return { isDataError: true, errorClass: `postgres_${sqlState}`, message };
  }
  if (error instanceof DomainInvariantError) {
    return { isDataError: true, errorClass: 'domain_invariant', message: `${error.invariant}: ${message}` };
  }
  // Checked by name: a ZodError from another copy of zod is not an instance of ours.
  if (error instanceof Error && error.name === 'ZodError')
    return { isDataError: true, errorClass: 'zod', message };
  if (error instanceof RangeError) return { isDataError: true, errorClass: 'range', message };
  const name = error instanceof Error ? error.name : typeof error;
  return { isDataError: false, errorClass: sqlState ? `postgres_${sqlState}` : name, message };
}

function activityInfo(): { workflowId: string | null; runId: string | null; activityType: string | null } {
  try {
    const { info } = Context.current();
    return {
      workflowId: info.workflowExecution?.workflowId ?? null,
      runId: info.workflowExecution?.runId ?? null,
      activityType: info.activityType,
    };
  } catch {
    // Called outside an activity (a replay from the API or CLI, a benchmark).
    return { workflowId: null, runId: null, activityType: null };
  }
}

export interface QuarantinedKey {
  recordKey: string;
  quarantineId: string;
  errorClass: string;
}

export interface IsolationResult<Out> {
  /** One output per successful `run` call (the whole chunk, or one per record after a fallback). */
  outputs: Out[];
  quarantined: QuarantinedKey[];
}

export interface IsolateRecordsOptions<Row, Out> {
  tenant: string;
  kind: QuarantineKind;
  records: Row[];
  keyOf: (row: Row) => string;
  /** Processes some records; must be idempotent over a record when it has no transaction to roll back in. */
  run: (rows: Row[]) => Promise<Out>;
  /** Runs every `run` in a savepoint of this transaction, so a failed record leaves nothing behind. */
  trx?: Transaction<Database>;
  /** Try the whole chunk in one `run` first and fall back to one record at a time on a data error (default). */
  setBased?: boolean;
}

/**
 * Processes a chunk so one bad record cannot stall it: a record whose processing fails with a data error is
 * quarantined (row, alert, `quarantined_records` gauge) and the rest of the chunk goes on in the same activity
 * execution. An infrastructure error is rethrown untouched, so Temporal retries the activity as before.
 */
export async function isolateRecords<Row, Out>(
  deps: Pick<ActivityDeps, 'db' | 'logger' | 'now'>,
  options: IsolateRecordsOptions<Row, Out>,
): Promise<IsolationResult<Out>> {
  const result: IsolationResult<Out> = { outputs: [], quarantined: [] };
  if (options.records.length === 0) return result;
  const trx = options.trx;
  const attempt = (rows: Row[]) => (trx ? withSavepoint(trx, () => options.run(rows)) : options.run(rows));

  if (options.setBased ?? true) {
    try {
      result.outputs.push(await attempt(options.records));
      return result;
    } catch (error) {
      if (!classifyFailure(error).isDataError) throw error;
      if (options.records.length === 1) {
        result.quarantined.push(await quarantine(deps, options, options.records[0]!, error));
        return result;
      }
      // fall through: find the bad records one by one
    }
  }
  for (const record of options.records) {
    try {
      result.outputs.push(await attempt([record]));
    } catch (error) {
      if (!classifyFailure(error).isDataError) throw error;
      result.quarantined.push(await quarantine(deps, options, record, error));
    }
  }
  return result;
}

export interface IsolateEachOptions<Row, Out> {
  tenant: string;
  kind: QuarantineKind;
  records: readonly Row[];
  keyOf: (row: Row) => string;
  /** Processes one record (its own transactions); a data error quarantines it. */
  run: (row: Row) => Promise<Out>;
  /** Records in flight at once (default 1). */
  concurrency?: number;
}

/**
 * Processes records one at a time (with `concurrency` lanes), for activities whose work is per record already
 * (an LLM call, partner calls): a record that fails with a data error is quarantined and left out of the outputs,
 * which keep the input order; an infrastructure error fails the activity for Temporal's retries.
 */
export async function isolateEach<Row, Out>(
  deps: Pick<ActivityDeps, 'db' | 'logger' | 'now'>,
  options: IsolateEachOptions<Row, Out>,
): Promise<IsolationResult<Out>> {
  const quarantined: QuarantinedKey[] = [];
  const settled = await mapWithConcurrency(options.records, options.concurrency ?? 1, async (record) => {
    try {
      return { output: await options.run(record) };
    } catch (error) {
      if (!classifyFailure(error).isDataError) throw error;
      quarantined.push(await quarantine(deps, options, record, error));
      return undefined;
    }
  });
  const outputs: Out[] = [];
  for (const entry of settled) if (entry) outputs.push(entry.output);
  return { outputs, quarantined };
}

async function quarantine<Row>(
  deps: Pick<ActivityDeps, 'db' | 'logger' | 'now'>,
  options: {
    tenant: string;
    kind: QuarantineKind;
    keyOf: (row: Row) => string;
    trx?: Transaction<Database>;
  },
  record: Row,
  error: unknown,
): Promise<QuarantinedKey> {
  const failure = classifyFailure(error);
  const recordKey = options.keyOf(record);
  const parked = await quarantineRecord(options.trx ?? deps.db, {
    tenant: options.tenant,
    kind: options.kind,
    recordKey,
    errorClass: failure.errorClass,
    errorMessage: failure.message,
    now: deps.now(),
    ...activityInfo(),
  });
  deps.logger.warn(
    {
      tenant: options.tenant,
      kind: options.kind,
      recordKey,
      quarantineId: parked.id,
      errorClass: failure.errorClass,
      err: error,
    },
    'record quarantined after a data error; the rest of the chunk goes on',
  );
  return { recordKey, quarantineId: parked.id, errorClass: failure.errorClass };
}
