export * from './invoicing.activities';
export * from './invoices.repository';
export * from './billing-report';
export * from './invoice-computation';
