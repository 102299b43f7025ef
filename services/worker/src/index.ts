// What tests and benchmarks compose a worker from; `main.ts` is the process itself.
export {
  createE2aWorker,
  tracingClientInterceptors,
  workflowInterceptorModules,
  workflowsPath,
  type E2aWorkerOptions,
} from './worker';
export { createActivityDeps } from './deps';
export { activitiesSettingsFrom } from './settings';
export { dlqActivityInterceptor, isFinalAttempt } from './dlq.interceptor';
export { provisionAtStartUp } from './start-up';
export { createWorkerSupervisor, type WorkerSupervisor } from './worker-supervisor';
