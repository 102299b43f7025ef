export * from './enrichment-metrics';
