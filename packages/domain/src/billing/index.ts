export * from './tariff.schema';
export * from './credit-rules.schema';
export * from './billable-operations';
export * from './invoice-amount';
export * from './invoice-lifecycle';
export * from './adjustments';
export * from './invoice-pricing';
export * from './billing-report';
