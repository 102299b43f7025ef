/** What a quarantined record is (`quarantined_records.kind`); `record_key` is the order, exception or invoice id. */
export const QUARANTINE_KINDS = [
  'order_evaluation',
  'exception_analysis',
  'order_analysis',
  'resolution',
  'enrichment',
  'invoicing',
  'invoice_validation',
] as const;

export type QuarantineKind = (typeof QUARANTINE_KINDS)[number];
