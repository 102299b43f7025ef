// The real workflows plus a test-only stand-in registered under the exception-management type name, so tests can
// observe the hand-off of new exceptions (the real one is another area's). A local export wins over `export *`.
import type { ExceptionManagementInput } from '@e2a/workflows/contracts';

export * from '@e2a/workflows';

export async function exceptionManagementWorkflow(
  input: ExceptionManagementInput,
): Promise<ExceptionManagementInput> {
  return input;
}
