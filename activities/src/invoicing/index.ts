export * from './invoicing.activities';
export type { BillingReport } from '@e2a/domain';
