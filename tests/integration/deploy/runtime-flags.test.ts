import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { GATEWAY_NODE_FLAGS, MALLOC_ARENA_MAX, WORKER_NODE_FLAGS } from '@e2a/infra/runtime-flags';
import { projectRoot } from '../../support/paths';

// V8 heap limits and malloc arenas are set where a process is launched, not in its zod config: `make up`, the images
// and the benchmarks must launch the worker and the gateway the same way, or the benchmarks measure something else.

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

/** The node flags of a stage's exec-form CMD (what comes between `node` and the script). */
function dockerfileNodeFlags(stage: string): string[] {
  let current = '';
  for (const instruction of DockerfileParser.parse(read('Dockerfile')).getInstructions()) {
    const args = instruction.getArguments().map((argument) => argument.getValue());
    if (instruction.getKeyword() === 'FROM') current = args[args.length - 1] ?? '';
    else if (instruction.getKeyword() === 'CMD' && current === stage) {
      const command = JSON.parse(args.join(' ')) as string[];
      return command.slice(1, -1);
    }
  }
  throw new Error(`no CMD in stage ${stage}`);
}

/** The default flags up.sh gives a role when the .env sets none (`${WORKER_NODE_FLAGS:-...}`). */
function upScriptNodeFlags(variable: string): string[] {
  const match = new RegExp(`\\$\\{${variable}:-([^}]*)\\}`).exec(read('infra/scripts/up.sh'));
  if (!match?.[1]) throw new Error(`up.sh sets no default for ${variable}`);
  return match[1].split(/\s+/).filter(Boolean);
}

describe('runtime flags of the worker and the gateway', () => {
  it.each([
    ['worker', 'WORKER_NODE_FLAGS', WORKER_NODE_FLAGS],
    ['gateway', 'GATEWAY_NODE_FLAGS', GATEWAY_NODE_FLAGS],
  ])('launch the %s alike in the image, in make up and in the benchmarks', (stage, variable, flags) => {
    expect(dockerfileNodeFlags(stage)).toEqual([...flags]);
    expect(upScriptNodeFlags(variable)).toEqual([...flags]);
  });

  it('caps malloc arenas in the image and in make up', () => {
    expect(read('Dockerfile')).toMatch(new RegExp(`MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}\\b`));
    expect(read('infra/scripts/up.sh')).toContain(
      `MALLOC_ARENA_MAX="\${MALLOC_ARENA_MAX:-${MALLOC_ARENA_MAX}}"`,
    );
  });

  it('fails when a launcher drifts', () => {
    expect(() => upScriptNodeFlags('E2A_PLANTED_NODE_FLAGS')).toThrow('no default');
    expect(dockerfileNodeFlags('worker')).not.toEqual(['--max-old-space-size=256']);
  });
});
