import { FLOW_RUNS, manualFlowRunStart, manualRunWindow, type FlowRunParams } from './flow-runs.contract';
import { FLOW_NAMES } from './flows.contract';

describe('FLOW_RUNS', () => {
  it('covers every flow name', () => {
    expect(Object.keys(FLOW_RUNS).sort()).toEqual([...FLOW_NAMES].sort());
  });

  it.each([
    [
      'order-processing',
      'orderProcessingWorkflow',
      { lookback_hours: 12, chunk_size: 500 },
      { tenant: 't', lookbackHours: 12, chunkSize: 500 },
      'order-processing:t:w',
    ],
    [
      'exception-management',
      'exceptionManagementWorkflow',
      { analysis_hours: 168, exception_ids: ['4'] },
      { tenant: 't', analysisHours: 168, exceptionIds: ['4'] },
      'exception-management:t:w',
    ],
    [
      'billing',
      'billingManagementWorkflow',
      { lookback_hours: 24 },
      { tenant: 't', lookbackHours: 24 },
      'billing:t:w',
    ],
    ['enrichment', 'enrichmentWorkflow', {}, { tenant: 't' }, 'enrichment:t:w'],
    ['orchestrator', 'businessOperationsOrchestratorWorkflow', {}, { tenant: 't' }, 'orchestrator:t:w'],
  ] as const)('%s starts %s with the contract input and id', (flow, type, params, input, id) => {
    const spec = FLOW_RUNS[flow];
    expect(spec.workflowType).toBe(type);
    expect(spec.input('t', params as FlowRunParams)).toEqual(input);
    expect(spec.workflowId('t', 'w')).toBe(id);
  });

  it('names a manual run by its UTC minute', () => {
    expect(manualRunWindow(new Date('2026-11-29T20:31:59.999Z'))).toBe('manual-20261129T2031');
  });

  it('starts a manual run once per window: API and CLI build the same start', () => {
    const start = manualFlowRunStart('billing', 't', { lookback_hours: 6 }, 'manual-20261129T2031');
    expect(start).toMatchObject({
      workflowType: 'billingManagementWorkflow',
      options: {
        workflowId: 'billing:t:manual-20261129T2031',
        args: [{ tenant: 't', lookbackHours: 6 }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      },
    });
    expect(start.options.typedSearchAttributes.map((attribute) => attribute.value)).toEqual(['t', 'billing']);
  });
});
