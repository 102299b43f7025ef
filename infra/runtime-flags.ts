// How the services' Node processes are launched: V8 heap limits and glibc's malloc arenas must be set before a
// process starts, so the launchers (infra/scripts/up.sh, the Dockerfile's CMDs, the benchmarks and deploy tests)
// pass them; tests/integration/deploy/runtime-flags.test.ts keeps them equal to these.
// Measured under `pnpm bench:system` (docs/benchmarks.md, "Memory"): the worker's two V8 isolates (main and the
// workflow thread) hold 55–80 MB live each but grew to ~230 and ~130 MB with a 256 MB old space; the gateway holds
// ~40 MB live and grew to ~90 MB with no cap.

/**
 * The worker: old space per isolate (flags are process-wide, so the workflow thread gets the same), young generation.
 * 128 MB held bench:system at 321–371 MB RSS but ran out of heap draining a 64,000-order backlog over 16 tenants
 * (16 chunks of 2,000 orders in flight); 192 MB drains it (423 MB peak, 594 MB with the old 256) and keeps
 * bench:system at ~350 MB.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=8'] as const;

/** The gateway: a small young generation for short-lived request garbage, and an old-space cap. */
export const GATEWAY_NODE_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=4'] as const;

/** glibc malloc arenas per process: the default (8 × cores) left ~30–40 MB of freed native memory resident. */
export const MALLOC_ARENA_MAX = '2';
