// Workflow bodies, bundled by the worker. Services import contracts from '@e2a/workflows/contracts'.
export {};
export { billingManagementWorkflow } from './billing/billing.workflow';
