import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from '@e2a/worker/src/worker';

// The bundler rejects some Node-only modules but silently accepts others (notably `ai`);
// this test fails when any I/O library reaches the workflow bundle.
const FORBIDDEN = [
  'ai',
  '@ai-sdk/openai',
  'pg',
  'redis',
  '@redis/client',
  'kysely',
  'express',
  'pino',
  'prom-client',
];

const quiet = {
  log: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

function leakedModules(code: string): string[] {
  return FORBIDDEN.filter((name) => code.includes(`node_modules/${name}/`));
}

describe('workflow bundle', () => {
  it('bundles every workflow without Node-only or I/O modules', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: quiet });
    expect(code.length).toBeGreaterThan(1000);
    expect(leakedModules(code)).toEqual([]);
  });

  it('detects a leak the bundler itself lets through', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'fixtures/leaky.workflow.ts'),
      logger: quiet,
    });
    expect(leakedModules(code)).toContain('ai');
  });
});
