// Settings known only where the console is served (GET /console/runtime-config.json, written by the API).

export interface RuntimeConfig {
  temporal_ui_url: string;
  temporal_namespace: string;
}

let loaded: Promise<RuntimeConfig> | undefined;

export function loadRuntimeConfig(): Promise<RuntimeConfig> {
  loaded ??= fetch(`${window.location.origin}/console/runtime-config.json`)
    .then((response) => (response.ok ? (response.json() as Promise<RuntimeConfig>) : Promise.reject()))
    .catch(() => ({ temporal_ui_url: 'http://localhost:8233', temporal_namespace: 'default' }));
  return loaded;
}

/** The Temporal Web UI page of a workflow run (its latest run without a run id). */
export function temporalRunUrl(config: RuntimeConfig, workflowId: string, runId?: string | null): string {
  const base = `${config.temporal_ui_url.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.temporal_namespace)}`;
  const workflow = `${base}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${workflow}/${encodeURIComponent(runId)}/history` : workflow;
}
