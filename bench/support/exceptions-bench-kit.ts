// What bench/exceptions.bench.ts needs, resolved from the tests workspace (bench/ is not a workspace package).
export { Worker } from '@temporalio/worker';
export { createActivities, AI_SERVICE_BREAKER, resetBreaker } from '@e2a/activities';
export { eligibleExceptionsQuery, sql } from '@e2a/db';
export { listen, closeServer } from '@e2a/http';
export { createPartnerSimulatorApp } from '@e2a/partner-simulator';
export {
  EXCEPTION_MANAGEMENT_WORKFLOW,
  exceptionManagementWorkflowId,
  flowSearchAttributes,
  type ExceptionManagementResult,
} from '@e2a/workflows/contracts';
export { createTestDatabase, createTestTenant } from '../../tests/support/db';
export { createTestRedis, deleteKeys } from '../../tests/support/redis';
export { createLocalEnvironment } from '../../tests/support/temporal';
export { startFakeLlmServer, llmAnswers } from '../../tests/support/fake-llm-server';
export { exceptionDeps, exceptionSettings } from '../../tests/support/exceptions-fixtures';
export const workflowsPath = require.resolve('@e2a/workflows');
