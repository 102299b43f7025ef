// Everything a client (gateway, API, CLI, tests) may import: names, inputs, results, ids. Never workflow bodies.
export * from './shared/flows.contract';
export * from './order-processing/order-processing.contract';
export * from './exception-management/exception-management.contract';
export * from './billing/billing.contract';
export * from './enrichment/enrichment.contract';
export * from './orchestrator/orchestrator.contract';
export * from './shared/flow-runs.contract';
export * from './exception-management/exception-management.types';
export * from './tenants/tenant-lifecycle.contract';
export * from './notifications/notifications.contract';
export * from './dlq/dlq-replay.contract';
