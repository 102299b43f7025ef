/** Every 4 h and after failures: order analysis → classification → automation with persisted state. */
export const ENRICHMENT_WORKFLOW = 'enrichmentWorkflow';

export interface EnrichmentInput {
  tenant: string;
  batchSize?: number;
}

export const enrichmentWorkflowId = (tenant: string, window: string) => `enrichment:${tenant}:${window}`;

/** Optional knobs of one run (added fields only; histories of older inputs stay valid). */
export interface EnrichmentRunOptions {
  /** In-run retries wait (durable timer) only when the next retry is due within this many seconds. Default 3600. */
  retryWaitLimitSeconds?: number;
  /** Upper bound on candidate pages per run. Default 50. */
  maxBatches?: number;
}

export interface EnrichmentResult {
  tenant: string;
  status: 'COMPLETED';
  recordsAttempted: number;
  completed: number;
  lowConfidence: number;
  /** Failures with a retry scheduled (still pending at the end of the run). */
  retriesPending: number;
  /** Records that exhausted their retries in this run and were flagged for manual review. */
  flaggedForManualReview: number;
  rounds: { at: string; kind: 'scheduled' | 'retry'; attempted: number; failed: number }[];
  health: { status: string; completeness: number; quality: number; backlog: number; failureRate: number };
}
