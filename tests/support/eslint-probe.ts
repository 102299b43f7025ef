import { ESLint } from 'eslint';

// Lints planted source text under a path of the repository (run from its root) (the file need not exist) with the repository's own
// ESLint configuration, through ESLint's Node API. Run as a child process: ESLint loads its config with import(),
// which jest's CommonJS runtime cannot do. Reads [{ filePath, code }] on stdin, prints ProbeResult[] on stdout.
// The planted files are in no TypeScript project, so the type-aware rules are off here (the import, cycle, purity
// and environment rules need no types); everything else is the configuration `pnpm lint` uses.

const TYPE_AWARE_RULES = [
  '@typescript-eslint/no-floating-promises',
  '@typescript-eslint/no-misused-promises',
];

export interface ProbeFile {
  /** Relative to the repository root. */
  filePath: string;
  code: string;
}

export interface ProbeMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

export interface ProbeResult {
  filePath: string;
  messages: ProbeMessage[];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const files = JSON.parse(await readStdin()) as ProbeFile[];
  const projectRoot = process.cwd();
  const eslint = new ESLint({
    cwd: projectRoot,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: Object.fromEntries(TYPE_AWARE_RULES.map((rule) => [rule, 'off'])),
    },
  });
  const results: ProbeResult[] = [];
  for (const file of files) {
    const [result] = await eslint.lintText(file.code, { filePath: `${projectRoot}/${file.filePath}` });
    results.push({
      filePath: file.filePath,
      messages: (result?.messages ?? []).map(({ ruleId, line, message }) => ({ ruleId, line, message })),
    });
  }
  process.stdout.write(JSON.stringify(results));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
