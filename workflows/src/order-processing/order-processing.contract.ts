/** Scheduled pass (every 30 min, 24 h lookback) and on-demand runs; idempotent: running twice changes nothing. */
export const ORDER_PROCESSING_WORKFLOW = 'orderProcessingWorkflow';
/** The real-time path: a long-running loop per tenant (continue-as-new) over new events and due deadlines. */
export const REALTIME_ORDER_MONITOR_WORKFLOW = 'realtimeOrderMonitorWorkflow';

export interface OrderProcessingInput {
  tenant: string;
  lookbackHours?: number;
  chunkSize?: number;
}

export interface OrderProcessingResult {
  tenant: string;
  ordersEvaluated: number;
  breachesDetected: number;
  exceptionsCreated: number;
  exceptionsUpdated: number;
  problemsDetected: number;
  chunks: number;
}

export interface RealtimeOrderMonitorInput {
  tenant: string;
  pollSeconds?: number;
  iterationsBeforeContinueAsNew?: number;
  /** Carried across continue-as-new. */
  totals?: { ordersEvaluated: number; exceptionsCreated: number; iterations: number };
}

export const orderProcessingWorkflowId = (tenant: string, window: string) =>
  `order-processing:${tenant}:${window}`;
export const realtimeOrderMonitorWorkflowId = (tenant: string) => `order-monitor:${tenant}`;
