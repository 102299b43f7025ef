/** Scheduled pass (every 30 min, 24 h lookback) and on-demand runs; idempotent: running twice changes nothing. */
export const ORDER_PROCESSING_WORKFLOW = 'orderProcessingWorkflow';
/** The former real-time path, one polling loop per tenant: replaced by the shard monitors, which stop its runs. */
export const REALTIME_ORDER_MONITOR_WORKFLOW = 'realtimeOrderMonitorWorkflow';

export interface OrderProcessingInput {
  tenant: string;
  lookbackHours?: number;
  chunkSize?: number;
}

export interface OrderProcessingResult {
  tenant: string;
  ordersEvaluated: number;
  breachesDetected: number;
  exceptionsCreated: number;
  exceptionsUpdated: number;
  problemsDetected: number;
  chunks: number;
}

export interface RealtimeOrderMonitorInput {
  tenant: string;
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
  /** Carried across continue-as-new. */
  totals?: { ordersEvaluated: number; exceptionsCreated: number; iterations: number };
}

export const orderProcessingWorkflowId = (tenant: string, window: string) =>
  `order-processing:${tenant}:${window}`;
export const realtimeOrderMonitorWorkflowId = (tenant: string) => `order-monitor:${tenant}`;

/**
 * The real-time path: a fixed number of shard monitors per task queue, each watching the tenants that hash to it
 * (`realtimeShardOf`); woken by Postgres NOTIFY and by a durable timer at the shard's next deadline.
 */
export const REALTIME_SHARD_MONITOR_WORKFLOW = 'realtimeShardMonitorWorkflow';

export interface RealtimeShardMonitorInput {
  shard: number;
  shardCount: number;
  /** A stream of events is evaluated in rounds at most this often per shard (default 1 s). */
  minRoundSeconds?: number;
  /** With nothing due and no deadline ahead, look again after this long anyway (default 15 min). */
  idleWakeMinutes?: number;
  /** Orders evaluated per tenant per round: a burst cannot starve the shard's other tenants. */
  perTenantChunkSize?: number;
  /** Due tenants evaluated per round (the rest are first next round) and how many chunks run at once. */
  maxTenantsPerRound?: number;
  parallelEvaluations?: number;
  iterationsBeforeContinueAsNew?: number;
  /** False: wait on timers only, no NOTIFY-listening activity (time-skipping tests; default true). */
  wakeOnNotify?: boolean;
  /** Carried across continue-as-new. */
  afterTenant?: string | null;
  totals?: { ordersEvaluated: number; exceptionsCreated: number; rounds: number; wakeUps: number };
}

export { DEFAULT_REALTIME_SHARDS, realtimeShardOf } from '@e2a/domain';

/** One id per (task queue, shard, shard count): a different count is a different set, and tests never share one. */
export const realtimeShardMonitorWorkflowId = (taskQueue: string, shard: number, shardCount: number) =>
  `order-monitor:${taskQueue}:shard-${shard}-of-${shardCount}`;
