import { Context } from '@temporalio/activity';
import { findTenantsDueWork, listActiveTenantNames, type Change } from '@e2a/db';
import { realtimeShardOf, tenantsOfShard } from '@e2a/domain';
import type { ActivityDeps } from '../deps';

export interface FindDueTenantsInput {
  shard: number;
  shardCount: number;
  /** The evaluation instant (ISO), the workflow's clock: a deadline is due when strictly before it. */
  asOf: string;
  /** Round-robin cursor: due tenants after this one come first (the last tenant of the previous round). */
  afterTenant?: string | null;
  /** At most this many due tenants per round (the rest come first next round). */
  maxTenants?: number;
}

export interface FindDueTenantsResult {
  /** Active tenants of the shard with new events or a passed deadline, round-robin after `afterTenant`. */
  dueTenants: string[];
  /** The earliest deadline in the shard not passed yet (ISO), null when no window is open. */
  nextDeadlineAt: string | null;
  /** Active tenants the shard watches. */
  tenantsWatched: number;
}

export interface WaitForShardChangesInput {
  shard: number;
  shardCount: number;
  /** Return at this instant (ISO) at the latest: the shard's next deadline or its idle wake-up. */
  until: string;
  /** Return no earlier than this after starting, so a stream of events is evaluated in rounds, not one by one. */
  minWaitSeconds?: number;
  /** Return at once when work is already due (default); false while the caller knows of due work that is stuck. */
  checkDueFirst?: boolean;
}

export interface WaitForShardChangesResult {
  /** `change`: new events or a tenant change in the shard; `due`: work was due when the wait began; `reset`: the
   * listener reconnected (a notification may be lost); `timeout`: `until` came. */
  reason: 'change' | 'due' | 'reset' | 'timeout';
}

const HEARTBEAT_MS = 5_000;
/** Without a change feed (tests that do not give one) the wait is a short poll, as the per-tenant monitors did. */
const POLL_WITHOUT_FEED_MS = 2_000;

async function dueWorkOf(
  deps: ActivityDeps,
  shard: number,
  shardCount: number,
  asOf: Date,
  afterTenant: string | null,
) {
  const tenants = tenantsOfShard(await listActiveTenantNames(deps.db), shard, shardCount);
  const work = await findTenantsDueWork(deps.db, tenants);
  const due: string[] = [];
  let nextDeadline: Date | null = null;
  for (const row of work) {
    const deadline = row.next_deadline_at;
    if (row.has_new_events || (deadline !== null && deadline < asOf)) due.push(row.tenant);
    else if (deadline !== null && (nextDeadline === null || deadline < nextDeadline)) nextDeadline = deadline;
  }
  // Rows come ordered by name: start after the cursor and wrap, so no tenant is always last.
  const start = afterTenant === null ? 0 : due.findIndex((tenant) => tenant > afterTenant);
  const rotated = start <= 0 ? due : [...due.slice(start), ...due.slice(0, start)];
  return { dueTenants: rotated, nextDeadlineAt: nextDeadline, tenantsWatched: tenants.length };
}

/** The shard monitors' activities: one indexed look at the shard's tenants, and a wait on Postgres NOTIFY. */
export function createRealtimeShardActivities(deps: ActivityDeps) {
  return {
    /** Which of the shard's active tenants have new events or a passed deadline, and the next deadline. */
    async findDueTenants(input: FindDueTenantsInput): Promise<FindDueTenantsResult> {
      const found = await dueWorkOf(
        deps,
        input.shard,
        input.shardCount,
        new Date(input.asOf),
        input.afterTenant ?? null,
      );
      return {
        dueTenants: found.dueTenants.slice(0, Math.max(1, input.maxTenants ?? found.dueTenants.length)),
        nextDeadlineAt: found.nextDeadlineAt?.toISOString() ?? null,
        tenantsWatched: found.tenantsWatched,
      };
    },

    /**
     * Waits, heartbeating, until the gateway notifies new events (or a tenant changes) in the shard, or `until`.
     * Work already due when it starts returns at once, so a notification sent before the wait began is never lost.
     */
    async waitForShardChanges(input: WaitForShardChangesInput): Promise<WaitForShardChangesResult> {
      const context = Context.current();
      const startedAt = Date.now();
      const until = new Date(input.until).getTime();
      const minWaitMs = Math.max(0, (input.minWaitSeconds ?? 0) * 1000);
      let reason: WaitForShardChangesResult['reason'] | null = null;
      let wake: () => void = () => undefined;
      const onChange = (change: Change) => {
        if (change.kind === 'reset') reason ??= 'reset';
        else if (realtimeShardOf(change.tenant, input.shardCount) === input.shard) reason ??= 'change';
        else return;
        wake();
      };
      const unsubscribe = deps.changes?.subscribe(onChange);
      try {
        if (input.checkDueFirst !== false) {
          const due = await dueWorkOf(deps, input.shard, input.shardCount, deps.now(), null);
          if (due.dueTenants.length > 0) reason ??= 'due';
        }
        const pollUntil = deps.changes ? until : Math.min(until, startedAt + POLL_WITHOUT_FEED_MS);
        for (;;) {
          const now = Date.now();
          if (reason !== null && now - startedAt >= minWaitMs) return { reason };
          if (now >= pollUntil) return { reason: reason ?? 'timeout' };
          const next = Math.min(
            pollUntil,
            now + HEARTBEAT_MS,
            reason !== null ? startedAt + minWaitMs : pollUntil,
          );
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => {
              timer = setTimeout(resolve, Math.max(0, next - now));
              wake = resolve;
            }),
            context.cancelled,
          ]).finally(() => clearTimeout(timer));
          // Heartbeats carry the cancellation back when the workflow's deadline timer fired first.
          context.heartbeat();
        }
      } finally {
        unsubscribe?.();
      }
    },
  };
}

export type RealtimeShardActivities = ReturnType<typeof createRealtimeShardActivities>;
