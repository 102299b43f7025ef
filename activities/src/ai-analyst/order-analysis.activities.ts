import { REASON_CODES, REASON_CODE_LIST, isReasonCode, type ReasonCode } from '@e2a/domain';
import {
  closeOrderProblemExceptions,
  findOrderPayloads,
  listActiveOrderExceptionCodes,
  markOrdersAiAnalyzed,
  upsertOrderProblemException,
} from '@e2a/db';
import type { ActivityDeps } from '../deps';
import { isolateEach } from '../shared/quarantine';
import { createLlmClient } from './llm-client';
import { PROMPTS, renderPrompt } from './prompts';
import { redactPii } from './redact';
import { OrderAnalysisSchema, type OrderAnalysis } from './schemas';

/** Codes the order-problem rules (domain reference §5) raise; only these may be replaced by an AI analysis. */
export const ORDER_PROBLEM_CODES: ReasonCode[] = [
  'DELIVERY_DELAY',
  'PAYMENT_FAILED',
  'ADDRESS_INVALID',
  'INVENTORY_SHORTAGE',
  'DAMAGED_PACKAGE',
  'CUSTOMER_UNAVAILABLE',
];

/** AI order analysis replaces the rules only at this confidence or above (§5). */
export const ORDER_ANALYSIS_MIN_CONFIDENCE = 0.7;

export interface AnalyzeOrdersInput {
  tenant: string;
  orderIds: string[];
}

export interface OrderAnalysisOutcome {
  orderId: string;
  outcome: 'applied' | 'kept_rules' | 'unavailable' | 'no_order_data';
  confidence: number | null;
  opened: string[];
  closed: string[];
}

const problemCode = (type: string): ReasonCode | null => {
  const code = type
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return isReasonCode(code) && ORDER_PROBLEM_CODES.includes(code) ? code : null;
};

export function createOrderAnalysisActivities(deps: ActivityDeps) {
  const { db } = deps;
  const llm = createLlmClient(deps);

  async function applyAnalysis(tenant: string, orderId: string, analysis: OrderAnalysis) {
    const problems = new Map<ReasonCode, OrderAnalysis['problems'][number]>();
    for (const problem of analysis.problems) {
      const code = problemCode(problem.type);
      if (code && !problems.has(code)) problems.set(code, problem);
    }
    const now = deps.now();
    return db.transaction().execute(async (trx) => {
      // Rule-detected order problems the AI does not confirm are closed; SLA breaches (with a window) stay.
      const unconfirmed = ORDER_PROBLEM_CODES.filter((code) => !problems.has(code));
      const closed = await closeOrderProblemExceptions(trx, tenant, orderId, unconfirmed, now);
      const opened: string[] = [];
      for (const [code, problem] of problems) {
        const context = {
          source: 'ai_order_analysis',
          prompt_version: PROMPTS.orderAnalysis,
          field: problem.field,
          reason: problem.reason,
          impact: problem.impact,
          ai_confidence: analysis.confidence,
        };
        // One active exception per (tenant, order, code): an existing one is updated, not duplicated.
        const isOpened = await upsertOrderProblemException(trx, {
          tenant,
          orderId,
          reasonCode: code,
          severity: problem.severity,
          context,
          maxResolutionAttempts: deps.settings.maxResolutionAttempts,
          now,
        });
        if (isOpened) opened.push(code);
      }
      return { opened, closed };
    });
  }

  return {
    /** AI order analysis for `order_created` orders; its problems replace the rules' only at confidence ≥ 0.7. */
    async analyzeOrdersWithAi(input: AnalyzeOrdersInput): Promise<OrderAnalysisOutcome[]> {
      if (input.orderIds.length === 0) return [];
      const orders = await findOrderPayloads(db, input.tenant, input.orderIds);
      const ruleProblems = await listActiveOrderExceptionCodes(db, input.tenant, input.orderIds);
      // An order whose analysis fails with a data error is quarantined; the others are analysed and applied.
      const { outputs: outcomes } = await isolateEach(deps, {
        tenant: input.tenant,
        kind: 'order_analysis',
        records: orders,
        keyOf: (order) => order.order_id,
        concurrency: 8,
        run: async (order): Promise<OrderAnalysisOutcome> => {
          const base = { orderId: order.order_id, confidence: null, opened: [], closed: [] };
          if (!order.order_data) return { ...base, outcome: 'no_order_data' };
          const prompt = renderPrompt('orderAnalysis', {
            order_id: order.order_id,
            order: redactPii(order.order_data),
            rule_problems: ruleProblems
              .filter((row) => row.order_id === order.order_id)
              .map((row) => row.reason_code),
            reason_codes: REASON_CODE_LIST.filter((code) => ORDER_PROBLEM_CODES.includes(code)).join(', '),
          });
          const result = await llm.complete(input.tenant, 'order_analysis', OrderAnalysisSchema, prompt);
          if (result.kind === 'unavailable') return { ...base, outcome: 'unavailable' };
          if (result.value.confidence < ORDER_ANALYSIS_MIN_CONFIDENCE) {
            return { ...base, outcome: 'kept_rules', confidence: result.value.confidence };
          }
          const changes = await applyAnalysis(input.tenant, order.order_id, result.value);
          return { ...base, outcome: 'applied', confidence: result.value.confidence, ...changes };
        },
      });
      // An unavailable model leaves the order unmarked, so its next evaluation (or enrichment) asks again.
      const analysed = outcomes.filter((o) => o.outcome !== 'unavailable').map((o) => o.orderId);
      await markOrdersAiAnalyzed(db, input.tenant, analysed, deps.now());
      return outcomes;
    },
  };
}

export const isOrderProblemCode = (code: string): boolean =>
  isReasonCode(code) && ORDER_PROBLEM_CODES.includes(code) && REASON_CODES[code] !== undefined;
