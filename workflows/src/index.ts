// Workflow bodies, bundled by the worker. Services import contracts from '@e2a/workflows/contracts'.
export {};
export { orderProcessingWorkflow } from './order-processing/order-processing.workflow';
export { realtimeOrderMonitorWorkflow } from './order-processing/realtime-order-monitor.workflow';
export { realtimeShardMonitorWorkflow } from './order-processing/realtime-shard-monitor.workflow';
export { billingManagementWorkflow } from './billing/billing.workflow';
export { enrichmentWorkflow } from './enrichment/enrichment.workflow';
export { businessOperationsOrchestratorWorkflow } from './orchestrator/orchestrator.workflow';
export { exceptionManagementWorkflow } from './exception-management/exception-management.workflow';
export { exceptionResolutionWorkflow } from './exception-management/exception-resolution.workflow';
export {
  tenantOnboardingWorkflow,
  tenantDisableWorkflow,
  tenantReconcilerWorkflow,
} from './tenants/tenant-lifecycle.workflow';
export { notificationDispatcherWorkflow } from './notifications/notification-dispatcher.workflow';
export { notificationDeliveryWorkflow } from './notifications/notification-delivery.workflow';
export { dlqReplayWorkflow } from './dlq/dlq-replay.workflow';
