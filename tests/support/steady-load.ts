import { signWebhook } from '@e2a/http';

// A fixed-rate stream of signed events against a gateway, recording every answer: what the outage tests and the
// chaos suite use to prove "every 2xx stored" and to time the recovery after a dependency comes back.

export interface LoadEvent {
  route: 'shopify' | 'wms' | 'carrier';
  body: { event_id: string; event_type: string; order_id: string; occurred_at: string } & Record<
    string,
    unknown
  >;
}

export interface LoadAnswer {
  /** ms since the epoch when the request was sent and answered. */
  sentAt: number;
  answeredAt: number;
  status: number;
  retryAfter: string | null;
  key: string;
}

export interface SteadyLoad {
  answers: LoadAnswer[];
  /** Stops sending, waits for the answers in flight, returns every answer. */
  stop: () => Promise<LoadAnswer[]>;
}

export function startSteadyLoad(options: {
  baseUrl: string;
  tenant: string;
  secret: string;
  ratePerSecond: number;
  /** The n-th event of the stream. */
  nextEvent: (sequence: number) => LoadEvent;
  timeoutMs?: number;
}): SteadyLoad {
  const answers: LoadAnswer[] = [];
  const inFlight = new Set<Promise<void>>();
  let sequence = 0;
  let stopped = false;
  const started = Date.now();

  const sendOne = async (event: LoadEvent) => {
    const raw = JSON.stringify(event.body);
    const sentAt = Date.now();
    const key = `${event.route}:${event.body.event_id}`;
    try {
      const response = await fetch(`${options.baseUrl}/ingest/${event.route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-tenant-id': options.tenant,
          'x-e2a-signature': signWebhook(options.secret, raw, sentAt / 1000),
        },
        body: raw,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer();
      answers.push({
        sentAt,
        answeredAt: Date.now(),
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        key,
      });
    } catch {
      answers.push({ sentAt, answeredAt: Date.now(), status: 0, retryAfter: null, key });
    }
  };

  // Catch up to the schedule on every tick, so a slow answer never lowers the offered rate.
  const timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((Date.now() - started) / 1000) * options.ratePerSecond);
    while (sequence < due) {
      const work = sendOne(options.nextEvent(sequence));
      sequence += 1;
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
  }, 10);

  return {
    answers,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
      return answers;
    },
  };
}

/** The first 2xx answer sent at or after `since` (ms), or undefined. */
export function firstAcceptedAfter(answers: LoadAnswer[], since: number): LoadAnswer | undefined {
  return answers
    .filter((answer) => answer.sentAt >= since && answer.status >= 200 && answer.status < 300)
    .sort((a, b) => a.sentAt - b.sentAt)[0];
}

/** A plausible event stream over `orders` orders: paid, picked, packed, handed over, in that order. */
export function orderEventStream(
  prefix: string,
  now: () => number = Date.now,
): (sequence: number) => LoadEvent {
  const steps: Array<Pick<LoadEvent, 'route'> & { type: string }> = [
    { route: 'shopify', type: 'order_paid' },
    { route: 'wms', type: 'pick_completed' },
    { route: 'wms', type: 'pack_completed' },
    { route: 'carrier', type: 'picked_up' },
  ];
  return (sequence) => {
    const step = steps[sequence % steps.length] as (typeof steps)[number];
    const order = Math.floor(sequence / steps.length);
    return {
      route: step.route,
      body: {
        event_id: `${prefix}-${sequence}`,
        event_type: step.type,
        order_id: `${prefix}-order-${order}`,
        occurred_at: new Date(now() - 60_000).toISOString(),
      },
    };
  };
}
