// Workflow bodies, bundled by the worker. Services import contracts from '@e2a/workflows/contracts'.
export { exceptionManagementWorkflow } from './exception-management/exception-management.workflow';
export { exceptionResolutionWorkflow } from './exception-management/exception-resolution.workflow';
