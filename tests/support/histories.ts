import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
// The SDK's own history serializer (proto3 JSON, what `temporal workflow show -o json` writes) has no public path.
// eslint-disable-next-line no-restricted-imports
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES = path.join(__dirname, '..', 'replay', 'histories');

/** Records a history for the replay suite once: a recorded history is never overwritten by today's code. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const target = path.join(HISTORIES, `${name}.json`);
  if (existsSync(target)) return;
  mkdirSync(HISTORIES, { recursive: true });
  const history = await handle.fetchHistory();
  // Written aside and renamed, so the replay suite running in parallel never reads half a file.
  writeFileSync(`${target}.tmp`, historyToJSON(history));
  renameSync(`${target}.tmp`, target);
}
