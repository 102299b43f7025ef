import { defineSearchAttributeKey } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliPath, temporalTestServerPath } from './paths';

const searchAttributes = [
  defineSearchAttributeKey('TenantId', 'KEYWORD'),
  defineSearchAttributeKey('FlowName', 'KEYWORD'),
];

/** The time-skipping server from `.tools`, never the SDK's own download (no internet here). */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
}

/** A real Temporal dev server (the `temporal` CLI) on a free port, with our search attributes. */
export function createLocalEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      searchAttributes,
      log: { format: 'json', level: 'error' },
    },
  });
}
