import { defineSearchAttributeKey } from '@temporalio/common';

/** The flows operators start, schedule and filter on; `FlowName` carries these values. */
export const FLOW_NAMES = [
  'order-processing',
  'exception-management',
  'billing',
  'enrichment',
  'orchestrator',
] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

export const DEFAULT_TASK_QUEUE = 'e2a';

export const TenantIdSearchAttribute = defineSearchAttributeKey('TenantId', 'KEYWORD');
export const FlowNameSearchAttribute = defineSearchAttributeKey('FlowName', 'KEYWORD');

/** Typed search attributes every run carries, so the Web UI can filter by tenant and flow. */
export function flowSearchAttributes(tenant: string, flow: FlowName | string) {
  return [
    { key: TenantIdSearchAttribute, value: tenant },
    { key: FlowNameSearchAttribute, value: flow },
  ];
}
