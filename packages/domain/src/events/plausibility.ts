// What an event must satisfy beyond its schema before it may be stored: text Postgres can hold, a bounded nesting
// depth, and an `occurred_at` inside a plausible window (a year-9999 timestamp once stalled a tenant's evaluation).

export interface FieldIssue {
  /** Where, written like validation paths: `payload.order.line_items[0].sku`, `events[2].order_id`. */
  path: string;
  rule: string;
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

export const NUL_RULE = 'must not contain the NUL character (\\u0000): Postgres cannot store it as text';
export const SURROGATE_RULE =
  'must be valid Unicode: an unpaired UTF-16 surrogate (\\ud800-\\udfff) cannot be stored as UTF-8 text';
export const REPLACEMENT_RULE = 'must be valid UTF-8: the body holds byte sequences that are not UTF-8';

/** Why a string cannot be stored as Postgres UTF-8 text, or undefined when it can. */
export function unstorableTextRule(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_RULE;
  if (UNPAIRED_SURROGATE.test(text)) return SURROGATE_RULE;
  return undefined;
}

// Control characters, quotes, backslashes and every surrogate are written as a \u escape with four hex digits, so a path always prints safely.
function escapeKey(key: string): string {
  let escaped = '';
  for (const char of key) {
    const code = char.charCodeAt(0);
    const isPlain =
      char.length === 1 &&
      code >= 0x20 &&
      !(code >= 0x7f && code <= 0x9f) &&
      !(code >= 0xd800 && code <= 0xdfff) &&
      char !== '"' &&
      char !== '\\';
    escaped += isPlain
      ? char
      : [...Array(char.length).keys()]
          .map((index) => `\\u${char.charCodeAt(index).toString(16).padStart(4, '0')}`)
          .join('');
  }
  return `"${escaped}"`;
}

/** `parent.key`, or `parent["odd key"]` when the key is not a plain identifier (escaped, so it prints safely). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (SIMPLE_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${escapeKey(key)}]`;
}

export interface TextScanOptions {
  /** Deepest nesting allowed; the root object is level 1. */
  maxDepth: number;
  /** Path of the root (`events[3]` inside a batch), empty for a whole body. */
  prefix?: string;
  /** Stop after this many issues (a hostile body can hold millions). */
  maxIssues?: number;
  /** Also flag U+FFFD: set when the raw body was not valid UTF-8 and was decoded with replacements. */
  flagReplacementCharacter?: boolean;
}

/**
 * Every string value and object key that cannot be stored as UTF-8 text (NUL, unpaired surrogates) and every
 * container nested deeper than `maxDepth`. Iterative, so no body is deep enough to overflow the stack.
 */
export function findUnstorableText(root: unknown, options: TextScanOptions): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const maxIssues = options.maxIssues ?? 20;
  const ruleOf = (text: string) =>
    unstorableTextRule(text) ??
    (options.flagReplacementCharacter && text.includes('\ufffd') ? REPLACEMENT_RULE : undefined);
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: root, path: options.prefix ?? '', depth: 1 },
  ];
  while (stack.length > 0 && issues.length < maxIssues) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      const rule = ruleOf(value);
      if (rule) issues.push({ path: path || '(body)', rule });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > options.maxDepth) {
      issues.push({ path: path || '(body)', rule: `must be nested at most ${options.maxDepth} levels deep` });
      continue;
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    // Reversed onto the stack so issues come out in document order.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] as [string | number, unknown];
      const childAt = childPath(path, key);
      if (typeof key === 'string') {
        const rule = ruleOf(key);
        if (rule) {
          issues.push({ path: childAt, rule: `key ${rule}` });
          continue;
        }
      }
      stack.push({ value: child, path: childAt, depth: depth + 1 });
    }
  }
  return issues.slice(0, maxIssues);
}

export interface OccurredAtWindow {
  /** The earliest plausible event time. */
  min: Date;
  /** How far ahead of `now` an event may claim to have happened (clock skew between systems). */
  maxFutureSkewMs: number;
}

// Written the way INGEST_MAX_FUTURE_SKEW is: 24h, 90m, 30s.
function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** The rule an event time breaks, or undefined when it is a real instant inside the plausible window. */
export function occurredAtRule(occurredAt: Date, now: Date, window: OccurredAtWindow): string | undefined {
  const time = occurredAt.getTime();
  if (Number.isNaN(time)) return 'must be a real calendar date and time';
  if (time < window.min.getTime()) return `must not be before ${window.min.toISOString()}`;
  if (time > now.getTime() + window.maxFutureSkewMs) {
    return `must not be more than ${describeDuration(window.maxFutureSkewMs)} ahead of the receiving clock`;
  }
  return undefined;
}
