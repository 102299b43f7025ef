export * from './exceptions/reason-codes';
export * from './events/event-types';
export * from './events/envelope.schema';
export * from './events/order-facts';
export * from './enrichment/enrichment-policy';
export * from './enrichment/enrichment-monitoring';
export * from './orchestration/orchestration-windows';
