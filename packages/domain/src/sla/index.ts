export * from './sla-policy.schema';
export * from './sla-engine';
export * from './completeness';
