import { EXCEPTION_STATUSES, type ExceptionStatus } from './reason-codes';

/**
 * Status moves forward only: OPEN → ACKNOWLEDGED → IN_PROGRESS → RESOLVED → CLOSED, skipping steps allowed
 * (OPEN → RESOLVED), never backwards. Staying in the same status is a no-op, not a transition.
 */
export function isValidStatusTransition(from: ExceptionStatus, to: ExceptionStatus): boolean {
  return EXCEPTION_STATUSES.indexOf(to) >= EXCEPTION_STATUSES.indexOf(from);
}

/** Whether moving to `to` marks the exception resolved (resolved_at is set once). */
export const isResolvingStatus = (to: ExceptionStatus): boolean => to === 'RESOLVED' || to === 'CLOSED';
