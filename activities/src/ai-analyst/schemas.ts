import { z } from 'zod';
import { REASON_CODE_LIST, SEVERITIES } from '@e2a/domain';

// Domain reference §6: the structured outputs the model must return; anything else is a failure.

const confidence = z.number().min(0).max(1);
const textList = z.array(z.string()).default([]);

export const ExceptionAnalysisSchema = z.object({
  label: z.enum(REASON_CODE_LIST as [string, ...string[]]),
  confidence,
  root_cause_analysis: z.string().min(1),
  ops_note: z.string().min(1).max(2000),
  client_note: z.string().min(1).max(1000),
  recommendations: z.union([z.string(), z.array(z.string())]).default([]),
  priority_factors: textList,
  reasoning: z.string().default(''),
});
export type ExceptionAnalysis = z.infer<typeof ExceptionAnalysisSchema>;

export const ResolutionAnalysisSchema = z.object({
  can_auto_resolve: z.boolean(),
  confidence,
  automated_actions: z.array(z.string()),
  resolution_strategy: z.string(),
  success_probability: confidence,
  fallback_required: z.boolean(),
  reasoning: z.string(),
  // An open object rather than z.record: a record's propertyNames keyword is not part of OpenAI's JSON schema.
  risk_assessment: z.union([z.string(), z.object({}).catchall(z.unknown())]),
  estimated_resolution_time: z.union([z.string(), z.number()]),
  prerequisites: textList,
});
export type ResolutionAnalysis = z.infer<typeof ResolutionAnalysisSchema>;

export const OrderAnalysisSchema = z.object({
  has_problems: z.boolean(),
  confidence,
  problems: z.array(
    z.object({
      type: z.string(),
      field: z.string(),
      reason: z.string(),
      severity: z.enum(SEVERITIES),
      impact: z.string(),
    }),
  ),
  reasoning: z.string(),
  recommendations: textList,
  risk_assessment: z.object({
    fulfillment_risk: z.string(),
    customer_impact: z.string(),
    business_impact: z.string(),
  }),
});
export type OrderAnalysis = z.infer<typeof OrderAnalysisSchema>;
