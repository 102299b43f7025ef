import { REASON_CODES, isReasonCode, type ReasonCode, type Severity } from '../exceptions/reason-codes';

// A WMS `exception_reported` event (domain reference §2, extra `exception_reason`) becomes an exception of its own.

const KEYWORDS: Array<[RegExp, ReasonCode]> = [
  [
    /stock[\s_-]*mismatch|count[\s_-]*mismatch|cycle[\s_-]*count|inventory[\s_-]*discrepan/i,
    'STOCK_MISMATCH',
  ],
  [/short|out[\s_-]*of[\s_-]*stock|no[\s_-]*stock|not[\s_-]*enough/i, 'INVENTORY_SHORTAGE'],
  [/damage|broken|crushed|leak/i, 'DAMAGED_PACKAGE'],
  [/address/i, 'ADDRESS_ERROR'],
  [/scan|label|system|printer|scanner|sync|timeout/i, 'SYSTEM_ERROR'],
];

export interface ReportedException {
  reasonCode: ReasonCode;
  severity: Severity;
}

/** The reason code a WMS-reported exception stands for: a reason code by name, else by keywords, else OTHER. */
export function classifyWmsException(exceptionReason: string | undefined | null): ReportedException {
  const text = (exceptionReason ?? '').trim();
  const asCode = text.toUpperCase().replace(/[\s-]+/g, '_');
  const reasonCode: ReasonCode = isReasonCode(asCode)
    ? asCode
    : (KEYWORDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'OTHER');
  return { reasonCode, severity: REASON_CODES[reasonCode].defaultSeverity };
}
