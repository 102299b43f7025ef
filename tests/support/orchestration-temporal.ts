import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnvironment } from './temporal';

// temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
const KEYWORD = 2;

/** The time-skipping server with TenantId/FlowName registered (it starts without custom search attributes). */
export async function createOrchTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await createTimeSkippingEnvironment();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: {
      TenantId: KEYWORD,
      FlowName: KEYWORD,
    },
  });
  return env;
}
