import { readFileSync, readdirSync } from 'node:fs';

// CPU time of other processes from /proc (Linux): the Temporal dev server a benchmark started.

const CLOCK_TICKS_PER_SECOND = 100;

/** The pid whose command line contains every part (e.g. `start-dev` and `--port 7233`), or undefined. */
export function findProcess(parts: readonly string[]): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (parts.every((part) => cmdline.includes(part))) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

/** User + system CPU seconds the process has used so far (0 when it is gone or unknown). */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name, which is in parentheses and may contain spaces: utime is the 14th field.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of the process in MB (0 when it is gone). */
export function rssMbOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Resident memory split by kind, in MB (/proc/<pid>/status): anonymous (heaps, malloc arenas), file-backed (code). */
export function rssBreakdownMbOf(pid: number | undefined): { anonymous: number; file: number } {
  if (pid === undefined) return { anonymous: 0, file: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) =>
      Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
    return { anonymous: mb('RssAnon'), file: mb('RssFile') };
  } catch {
    return { anonymous: 0, file: 0 };
  }
}

/** This process's CPU seconds (user + system). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}
