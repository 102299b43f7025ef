/** Every 4 h and after failures: order analysis → classification → automation with persisted state. */
export const ENRICHMENT_WORKFLOW = 'enrichmentWorkflow';

export interface EnrichmentInput {
  tenant: string;
  batchSize?: number;
}

export const enrichmentWorkflowId = (tenant: string, window: string) => `enrichment:${tenant}:${window}`;
