// Domain reference §4: one list of reason codes everywhere.

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EXCEPTION_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
export const ACTIVE_EXCEPTION_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'IN_PROGRESS'] as const;

export interface ReasonCodeSpec {
  defaultSeverity: Severity;
  autoResolvable: boolean;
  escalationHours: number;
  clientVisible: boolean;
  needsApproval: boolean;
}

export const REASON_CODES = {
  PICK_DELAY: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: false,
    escalationHours: 4,
    clientVisible: true,
    needsApproval: false,
  },
  PACK_DELAY: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: false,
    escalationHours: 2,
    clientVisible: true,
    needsApproval: false,
  },
  CARRIER_ISSUE: {
    defaultSeverity: 'HIGH',
    autoResolvable: false,
    escalationHours: 1,
    clientVisible: true,
    needsApproval: false,
  },
  MISSING_SCAN: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: true,
    escalationHours: 8,
    clientVisible: false,
    needsApproval: false,
  },
  DELIVERY_DELAY: {
    defaultSeverity: 'HIGH',
    autoResolvable: false,
    escalationHours: 4,
    clientVisible: true,
    needsApproval: false,
  },
  STOCK_MISMATCH: {
    defaultSeverity: 'HIGH',
    autoResolvable: false,
    escalationHours: 1,
    clientVisible: false,
    needsApproval: true,
  },
  INVENTORY_SHORTAGE: {
    defaultSeverity: 'HIGH',
    autoResolvable: true,
    escalationHours: 2,
    clientVisible: true,
    needsApproval: false,
  },
  ADDRESS_ERROR: {
    defaultSeverity: 'HIGH',
    autoResolvable: false,
    escalationHours: 1,
    clientVisible: true,
    needsApproval: false,
  },
  ADDRESS_INVALID: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: true,
    escalationHours: 4,
    clientVisible: true,
    needsApproval: false,
  },
  PAYMENT_FAILED: {
    defaultSeverity: 'HIGH',
    autoResolvable: true,
    escalationHours: 2,
    clientVisible: true,
    needsApproval: false,
  },
  DAMAGED_PACKAGE: {
    defaultSeverity: 'HIGH',
    autoResolvable: false,
    escalationHours: 2,
    clientVisible: true,
    needsApproval: false,
  },
  CUSTOMER_UNAVAILABLE: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: false,
    escalationHours: 4,
    clientVisible: true,
    needsApproval: false,
  },
  SYSTEM_ERROR: {
    defaultSeverity: 'CRITICAL',
    autoResolvable: true,
    escalationHours: 0.25,
    clientVisible: false,
    needsApproval: false,
  },
  OTHER: {
    defaultSeverity: 'MEDIUM',
    autoResolvable: false,
    escalationHours: 4,
    clientVisible: true,
    needsApproval: false,
  },
} as const satisfies Record<string, ReasonCodeSpec>;

export type ReasonCode = keyof typeof REASON_CODES;
export const REASON_CODE_LIST = Object.keys(REASON_CODES) as ReasonCode[];

export const isReasonCode = (value: string): value is ReasonCode => value in REASON_CODES;

/** One severity level up, capped at CRITICAL (used by escalation). */
export function raiseSeverity(severity: Severity): Severity {
  const index = SEVERITIES.indexOf(severity);
  return SEVERITIES[Math.min(index + 1, SEVERITIES.length - 1)] ?? 'CRITICAL';
}
