import { maxAttemptsBlockReason } from './resolution-rules';

// Domain reference §7: what a finished resolution attempt means for its row and for its exception.

/** How one requested attempt ended, as the activity reports it and `resolution_attempts.outcome` stores it. */
export type ResolutionAttemptOutcome =
  | 'resolved'
  | 'failed'
  | 'not_executed'
  | 'blocked_low_confidence'
  | 'blocked_ai_failure'
  | 'not_eligible'
  | 'needs_approval';

/** Where the executed (or refused) plan came from. */
export type ResolutionPlanSource = 'ai' | 'rules' | 'approval';

/** `resolution_attempts.status`: STARTED when counted, one of the others when finished. */
export type ResolutionAttemptStatus = 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED';

/** The status a finished attempt is stored with: an AI failure counts as a failed attempt, a refusal as skipped. */
export function finishedAttemptStatus(
  outcome: ResolutionAttemptOutcome,
): Exclude<ResolutionAttemptStatus, 'STARTED'> {
  if (outcome === 'resolved') return 'SUCCEEDED';
  if (outcome === 'failed' || outcome === 'blocked_ai_failure') return 'FAILED';
  return 'SKIPPED';
}

export interface FinishedAttempt {
  outcome: ResolutionAttemptOutcome;
  attemptNumber: number;
  maxAttempts: number;
  /** A block the attempt itself decided (low confidence, AI failure); null when it decided none. */
  blockReason: string | null;
}

/** The attempt's own block reason, else the maximum-attempts text once the last allowed attempt did not resolve. */
export function finishedAttemptBlockReason(attempt: FinishedAttempt): string | null {
  if (attempt.blockReason) return attempt.blockReason;
  const isLastAttempt = attempt.attemptNumber >= attempt.maxAttempts;
  return attempt.outcome !== 'resolved' && isLastAttempt ? maxAttemptsBlockReason(attempt.maxAttempts) : null;
}

/** What a finished attempt does to its exception: resolve it, block further automation, or nothing. */
export type ExceptionAttemptEffect =
  { kind: 'resolve' } | { kind: 'block'; reason: string } | { kind: 'none' };

export function exceptionEffectOfAttempt(
  outcome: ResolutionAttemptOutcome,
  blockReason: string | null,
): ExceptionAttemptEffect {
  if (outcome === 'resolved') return { kind: 'resolve' };
  if (blockReason) return { kind: 'block', reason: blockReason };
  return { kind: 'none' };
}

/** The plan source reported for an attempt: the plan's, else 'ai' for the outcomes only the AI can cause. */
export function attemptPlanSource(
  outcome: ResolutionAttemptOutcome,
  planSource: ResolutionPlanSource | null,
): ResolutionPlanSource | null {
  return planSource ?? (outcome.startsWith('blocked_') ? 'ai' : null);
}

/**
 * Whether `RESOLUTION_RETRY_MINUTES` have passed since the last attempt, so the prompt hand-off and a scheduled
 * run seconds apart cannot spend every attempt at once. A person's approval is not held back by the spacing.
 */
export function isAttemptSpacingElapsed(
  lastAttemptAt: Date | string | null,
  now: Date,
  retryMinutes: number,
  isApproval = false,
): boolean {
  if (isApproval || !lastAttemptAt) return true;
  return now.getTime() - new Date(lastAttemptAt).getTime() >= retryMinutes * 60_000;
}

export interface AttemptTally {
  attempted: number;
  resolved: number;
  failed: number;
  notExecuted: number;
  blocked: number;
  skipped: number;
}

/** Counts a chunk's attempts: attempted = has a row, skipped = not eligible or awaiting approval, blocked = left a block. */
export function tallyResolutionAttempts(
  results: ReadonlyArray<{
    attemptNumber: number | null;
    outcome: ResolutionAttemptOutcome;
    blockReason: string | null;
  }>,
): AttemptTally {
  const tally: AttemptTally = {
    attempted: 0,
    resolved: 0,
    failed: 0,
    notExecuted: 0,
    blocked: 0,
    skipped: 0,
  };
  for (const result of results) {
    if (result.attemptNumber !== null) tally.attempted += 1;
    if (result.outcome === 'resolved') tally.resolved += 1;
    else if (result.outcome === 'failed') tally.failed += 1;
    else if (result.outcome === 'not_executed') tally.notExecuted += 1;
    else if (result.outcome === 'not_eligible' || result.outcome === 'needs_approval') tally.skipped += 1;
    if (result.blockReason) tally.blocked += 1;
  }
  return tally;
}
