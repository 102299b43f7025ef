export * from './sla-policy.schema';
export * from './sla-engine';
export * from './completeness';
export * from './sla-policy-versions';
