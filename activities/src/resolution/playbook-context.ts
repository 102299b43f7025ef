import {
  PlaybookOverridesSchema,
  effectivePlaybooks,
  type PlaybookContext,
  type Playbooks,
} from '@e2a/domain';
import { findEffectivePlaybooks, type Db, type ExceptionFacts } from '@e2a/db';

/** The tenant's playbooks in effect at `at`: its stored version over the defaults (a bad stored value is ignored). */
export async function loadPlaybooks(db: Db, tenant: string, at: Date): Promise<Playbooks> {
  const row = await findEffectivePlaybooks(db, tenant, at);
  const parsed = PlaybookOverridesSchema.safeParse(row?.playbooks ?? {});
  return effectivePlaybooks(parsed.success ? parsed.data : {});
}

/** The facts a playbook step's conditions read, for the attempt with this number. */
export function playbookContextOf(facts: ExceptionFacts, attemptNumber: number): PlaybookContext {
  const value = facts.total_amount_cents === null ? null : Number(facts.total_amount_cents);
  return {
    attemptNumber,
    orderValueCents: value !== null && Number.isFinite(value) ? value : null,
    serviceLevel: facts.service_level,
    carrier: facts.carrier,
  };
}
