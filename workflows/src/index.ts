// Workflow bodies, bundled by the worker. Services import contracts from '@e2a/workflows/contracts'.
export { enrichmentWorkflow } from './enrichment/enrichment.workflow';
export { businessOperationsOrchestratorWorkflow } from './orchestrator/orchestrator.workflow';
