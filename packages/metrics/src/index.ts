export * from './enrichment-metrics';
export * from './dlq-metrics';
