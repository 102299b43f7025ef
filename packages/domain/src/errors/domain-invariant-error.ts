/**
 * Thrown when a record breaks a rule the domain relies on (an impossible timeline, a value no rule can take): the
 * record's data is wrong, not the system, so retrying cannot help and the record is quarantined.
 */
export class DomainInvariantError extends Error {
  override readonly name = 'DomainInvariantError';

  constructor(
    message: string,
    /** The rule that was broken, e.g. `timeline.paid_at_range`. */
    readonly invariant: string,
  ) {
    super(message);
  }
}
