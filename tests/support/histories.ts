import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
// The SDK's own history serializer (proto3 JSON, what `temporal workflow show -o json` writes) has no public path.
// eslint-disable-next-line no-restricted-imports
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';

export const HISTORIES = path.join(__dirname, '..', 'replay', 'histories');

const historyPath = (name: string) => path.join(HISTORIES, `${name}.json`);

/** Records a history for the replay suite once: a recorded history is never overwritten by today's code. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (existsSync(historyPath(name))) return;
  recordHistory(await handle.fetchHistory(), name);
}

/** `saveHistory` for a history the test already fetched (and asserted on). */
export function recordHistory(history: History, name: string): void {
  const target = historyPath(name);
  if (existsSync(target)) return;
  mkdirSync(HISTORIES, { recursive: true });
  // Written aside and renamed, so the replay suite running in parallel never reads half a file.
  writeFileSync(`${target}.tmp`, historyToJSON(history));
  renameSync(`${target}.tmp`, target);
}
