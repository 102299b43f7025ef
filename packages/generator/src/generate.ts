import { Faker, en } from '@faker-js/faker';
import type { EventSource, ReasonCode } from '@e2a/domain';
import {
  DEFAULT_RATES,
  INVALID_ADDRESS_VARIANTS,
  ITEM_FLAGS,
  PROBLEM_KINDS,
  SLA_SCENARIOS,
  expectedReasonCodes,
  scenarioWeights,
  type InvalidAddressVariant,
  type ItemFlag,
  type ProblemKind,
  type Scenario,
  type ScenarioRates,
} from './scenarios';
import { buildShopifyOrder, type ServiceLevel, type ShopifyOrder } from './shopify-order';
import { planTimeline } from './timeline';

/** The envelope the gateway accepts per source (domain reference §2), extras at the top level. */
export interface GatewayEnvelope {
  event_id: string;
  event_type: string;
  order_id: string;
  occurred_at: string;
  correlation_id: string;
  payload: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface GatewayEvent {
  source: EventSource;
  envelope: GatewayEnvelope;
}

export interface GeneratedOrder {
  orderId: string;
  createdAt: Date;
  serviceLevel: ServiceLevel;
  scenario: Scenario;
  addressVariant?: InvalidAddressVariant;
  flags: ItemFlag[];
  order: ShopifyOrder;
  /** Events in the order they happened. */
  events: GatewayEvent[];
  /** Reason codes the rule-based checks raise for this order, and those only an AI analysis can find. */
  expectedReasonCodes: ReasonCode[];
  aiOnlyReasonCodes: ReasonCode[];
}

export interface GeneratorOptions {
  seed: number;
  /** The clock: every timestamp is placed at or before it. */
  now: Date;
  /** Order ids are `<prefix>-<seed>-<index>`; change it to keep demo runs apart. */
  orderIdPrefix?: string;
  /** How far back normal orders are spread beyond their own timeline (default 48 h). */
  lookbackHours?: number;
  rates?: ScenarioRates;
}

const STRIPPED_ORDER_ID = /[^A-Za-z0-9_-]/g;

export const orderIdFor = (prefix: string, seed: number, index: number) =>
  `${prefix.replace(STRIPPED_ORDER_ID, '')}-${seed.toString(36)}-${index.toString(36).padStart(5, '0')}`;

// Reseeded per order, so order `index` is the same whatever batch it is generated in.
const sharedFaker = new Faker({ locale: [en] });
function fakerFor(seed: number, index: number): Faker {
  sharedFaker.seed([seed, index]);
  return sharedFaker;
}

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Generates order `index` of the run `seed`: a pure function of its arguments. */
export function generateOrder(options: GeneratorOptions, index: number): GeneratedOrder {
  const rates = options.rates ?? DEFAULT_RATES;
  const faker = fakerFor(options.seed, index);
  const orderId = orderIdFor(options.orderIdPrefix ?? 'SO', options.seed, index);
  const scenario = faker.helpers.weightedArrayElement(scenarioWeights(rates));
  const isSla = (SLA_SCENARIOS as readonly string[]).includes(scenario);
  const problem = (PROBLEM_KINDS as readonly string[]).includes(scenario) ? (scenario as ProblemKind) : null;

  // SLA scenarios carry no SLA-multiplying flags, so their breach does not depend on multipliers.
  const flags = ITEM_FLAGS.filter(
    (flag) => (!isSla || flag === 'rush') && faker.datatype.boolean({ probability: rates.flags[flag] }),
  );
  const serviceLevel: ServiceLevel =
    problem === 'customer_unavailable' || problem === 'delivery_delay'
      ? 'standard'
      : flags.includes('rush')
        ? faker.helpers.arrayElement(['express', 'overnight'] as const)
        : faker.helpers.weightedArrayElement([
            { weight: 70, value: 'standard' as const },
            { weight: 22, value: 'express' as const },
            { weight: 8, value: 'overnight' as const },
          ]);
  const addressVariant =
    problem === 'invalid_address' ? faker.helpers.arrayElement(INVALID_ADDRESS_VARIANTS) : undefined;
  const delayVariant =
    problem === 'delivery_delay'
      ? faker.helpers.arrayElement(['status_delayed', 'estimate_passed'] as const)
      : undefined;
  const deliveryAttempts = problem === 'customer_unavailable' ? faker.number.int({ min: 2, max: 3 }) : 0;
  const itemsCount = faker.number.int({ min: 1, max: 8 });

  const timeline = planTimeline(faker, scenario, {
    serviceLevel,
    lookbackMinutes: (options.lookbackHours ?? 48) * 60,
    itemsCount,
    deliveryAttempts,
  });
  const ageMinutes =
    timeline.minAgeMinutes + faker.number.int({ min: 1, max: Math.max(1, timeline.maxExtraAgeMinutes) });
  const createdAt = new Date(options.now.getTime() - ageMinutes * MINUTE);
  const at = (offset: number) => new Date(createdAt.getTime() + offset * MINUTE);
  const seconds = timeline.steps.map(() => faker.number.int({ min: 0, max: 59 }) * 1000);
  const lastOffset = timeline.steps.at(-1)?.offset ?? 0;

  // Normal orders promise a date comfortably ahead of both delivery and `now`, so no rule flags them late.
  const handoffStep = timeline.steps.find((step) => step.eventType === 'manifested');
  const estimatedDeliveryDate =
    problem === 'delivery_delay'
      ? dateOnly(new Date(at(handoffStep?.offset ?? lastOffset).getTime() + 5 * DAY))
      : dateOnly(new Date(Math.max(at(lastOffset).getTime(), options.now.getTime()) + 2 * DAY));

  const order = buildShopifyOrder(faker, {
    orderId,
    orderNumber: 1001 + index,
    createdAt,
    serviceLevel,
    problem,
    addressVariant,
    flags,
    estimatedDeliveryDate,
    deliveryAttempts,
    delayVariant,
  });

  const correlationId = `corr-${orderId}`;
  const events: GatewayEvent[] = timeline.steps.map((step, position) => {
    const payload: Record<string, unknown> =
      step.eventType === 'order_created' ? { order } : { ...(step.payload ?? {}) };
    const extras: Record<string, unknown> = { ...(step.extras ?? {}) };
    if (step.eventType === 'order_created') {
      extras.line_count = order.line_items.length;
      extras.total_amount_cents = Math.round(Number(order.total_price) * 100);
    }
    return {
      source: step.source,
      envelope: {
        event_id: `${orderId}.${step.eventType}${step.sequence ? `.${step.sequence}` : ''}`,
        event_type: step.eventType,
        order_id: orderId,
        occurred_at: new Date(
          at(step.offset).getTime() + (position === 0 ? 0 : seconds[position]!),
        ).toISOString(),
        correlation_id: correlationId,
        payload,
        ...extras,
      },
    };
  });

  const expected = expectedReasonCodes(scenario, addressVariant);
  return {
    orderId,
    createdAt,
    serviceLevel,
    scenario,
    ...(addressVariant ? { addressVariant } : {}),
    flags,
    order,
    events,
    expectedReasonCodes: expected.rules,
    aiOnlyReasonCodes: expected.aiOnly,
  };
}

/** Orders `firstIndex .. firstIndex + count - 1` of the run. */
export function generateOrders(options: GeneratorOptions, count: number, firstIndex = 0): GeneratedOrder[] {
  const orders: GeneratedOrder[] = [];
  for (let index = firstIndex; index < firstIndex + count; index += 1)
    orders.push(generateOrder(options, index));
  return orders;
}
