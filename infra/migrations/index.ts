import type { Migration } from 'kysely/migration';
import * as initialSchema from './20261129120000_initial_schema';
import * as ordersVolumeIndex from './20261129140000_orders_volume_index';
import * as orchestrationEnrichment from './20261129180000_orchestration_enrichment';
import * as ordersAiOrderAnalysis from './20261129190000_orders_ai_order_analysis';
import * as tenantsDisabledAt from './20261130120000_tenants_disabled_at';
import * as tenantLifecycle from './20261130130800_tenant_lifecycle';
import * as quarantinedRecords from './20261130160000_quarantined_records';
import * as playbooksDecisionSource from './20261130162000_playbooks_decision_source';
import * as notifications from './20261130163000_notifications';
import * as notificationEventIds from './20261130163100_notification_event_ids';
import * as minimumFeeInvoices from './20261130166000_minimum_fee_invoices';
import * as ordersTraceparent from './20261130170500_orders_traceparent';

/** Every migration, keyed by its timestamped name; append new ones, never edit shipped ones. */
export const migrations: Record<string, Migration> = {
  '20261129120000_initial_schema': initialSchema,
  '20261129140000_orders_volume_index': ordersVolumeIndex,
  '20261129180000_orchestration_enrichment': orchestrationEnrichment,
  '20261129190000_orders_ai_order_analysis': ordersAiOrderAnalysis,
  '20261130120000_tenants_disabled_at': tenantsDisabledAt,
  '20261130130800_tenant_lifecycle': tenantLifecycle,
  '20261130160000_quarantined_records': quarantinedRecords,
  '20261130162000_playbooks_decision_source': playbooksDecisionSource,
  '20261130163000_notifications': notifications,
  '20261130163100_notification_event_ids': notificationEventIds,
  '20261130166000_minimum_fee_invoices': minimumFeeInvoices,
  '20261130170500_orders_traceparent': ordersTraceparent,
};
