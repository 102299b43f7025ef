import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Prompt templates are versioned files; the version is stored with every analysis. */
export const PROMPTS = {
  exceptionAnalysis: 'exception-analysis.v1',
  resolutionAnalysis: 'resolution-analysis.v1',
  orderAnalysis: 'order-analysis.v1',
} as const;
export type PromptName = keyof typeof PROMPTS;

const cache = new Map<string, string>();

function template(name: PromptName): string {
  const file = PROMPTS[name];
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(__dirname, 'prompts', `${file}.md`), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** Fills `{{name}}` placeholders; objects are rendered as JSON, missing values as `unknown`. */
export function renderPrompt(name: PromptName, values: Record<string, unknown>): string {
  return template(name).replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined || value === null) return 'unknown';
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
  });
}
