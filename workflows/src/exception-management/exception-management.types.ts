import type { ExceptionPatterns, ResolutionAttemptOutcome } from '@e2a/domain';

/** What one exception-management run returns (and stores in `flow_runs`). */
export interface ExceptionManagementResult {
  tenant: string;
  analysisHours: number;
  analysis: {
    analyzed: number;
    ai: number;
    fallback: number;
    lowConfidenceBlocked: number;
    aiFailures: number;
  };
  resolution: {
    eligible: number;
    attempted: number;
    resolved: number;
    failed: number;
    notExecuted: number;
    blocked: number;
    awaitingApproval: number;
  };
  escalation: { escalated: number };
  patterns: ExceptionPatterns;
  priorities: { id: string; order_id: string; reason_code: string; severity: string; score: number }[];
}

/** What the resolution workflow (and the approve/reject updates) answer. */
export interface ExceptionResolutionResult {
  exceptionId: string;
  outcome: ResolutionAttemptOutcome | 'rejected' | 'not_found' | 'no_decision';
  escalated: boolean;
  attemptNumber: number | null;
  blockReason: string | null;
  decidedBy: string | null;
}
