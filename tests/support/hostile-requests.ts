import { request as httpRequest, Agent } from 'node:http';
import { signShopifyWebhook, signWebhook } from '@e2a/http';

// A seeded generator of hostile ingest requests (signed and unsigned, wrong types, huge, deeply nested, invalid
// Unicode, implausible dates, odd headers, paths and queries) and a runner that records every answer.

export interface HostileRequest {
  index: number;
  /** What was broken, for the report: `field-type:event_id`, `unicode:lone-surrogate`, `date:9999`... */
  category: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface HostileOptions {
  count: number;
  seed: number;
  tenant: string;
  secret: string;
  /** The gateway's clock (ms): valid events occur shortly before it, implausible ones far from it. */
  now: number;
  /** Prefix of every event and order id, so a suite can tell its rows apart. */
  idPrefix: string;
  /** Body size limit of the gateway: some bodies are made just under and just over it. */
  maxBodyBytes: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Envelope = Record<string, Json>;

/** mulberry32: small, fast, seedable; the same seed always yields the same requests. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof createRandom>;

const SOURCES = ['shopify', 'wms', 'carrier'] as const;
const EVENT_TYPES: Record<(typeof SOURCES)[number], string[]> = {
  shopify: ['order_created', 'order_paid', 'order_fulfilled', 'order_cancelled'],
  wms: ['pick_completed', 'pack_completed', 'manifested', 'exception_reported'],
  carrier: ['picked_up', 'in_transit', 'delivered'],
};
const ENVELOPE_FIELDS = ['event_id', 'event_type', 'order_id', 'occurred_at', 'correlation_id', 'payload'];
const EXTRA_FIELDS = [
  'carrier',
  'tracking_number',
  'line_count',
  'total_amount_cents',
  'station',
  'worker_id',
  'items_count',
  'exception_reason',
  'signature_required',
  'location',
];

// Characters Postgres text cannot hold (NUL) or UTF-8 cannot encode (unpaired surrogates).
const UNSTORABLE_STRINGS = [
  '\u0000',
  'abc\u0000def',
  '\ud800',
  '\udfff',
  'x\udc00\ud800y',
  'tail\ud83d',
  '\ude00head',
];

function hugeString(random: Random, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ñ€😀';
  const unit = Array.from({ length: 64 }, () => random.pick([...alphabet])).join('');
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function wrongValue(random: Random): Json {
  const choice = random.int(16);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 63, -0, 5e-324]);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return [1, 'two', null, { three: 3 }];
    case 6:
      return { nested: { deeper: ['x'] } };
    case 7:
      return '';
    case 8:
      return ' ';
    case 9:
      return hugeString(random, random.pick([129, 2_001, 70_000]));
    case 10:
      return random.pick(UNSTORABLE_STRINGS);
    case 11:
      return '__proto__';
    case 12:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } } as Json;
    case 13:
      return random.pick(['NaN', 'Infinity', '-Infinity', 'undefined', 'null', 'true']);
    case 14:
      return '9'.repeat(400);
    default:
      return '\u202e\ufeff\u200b';
  }
}

const IMPLAUSIBLE_DATES = (now: number): string[] => [
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999+00:00',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:00:00+99:00',
  '2026-01-01T00:00:00+23:59',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2026-01-01',
  '2026-01-01T00:00:00',
  'yesterday',
  '',
  new Date(now + 25 * 3_600_000).toISOString(),
  new Date(now + 10 * 365 * 86_400_000).toISOString(),
  new Date(now + 24 * 3_600_000 + 60_000).toISOString().replace('Z', '+00:00'),
];

function validEvent(random: Random, source: (typeof SOURCES)[number], ids: () => string, now: number) {
  const orderId = `${ids()}-ord`;
  const event: Envelope = {
    event_id: `${ids()}-evt`,
    event_type: random.pick(EVENT_TYPES[source]),
    order_id: orderId,
    occurred_at: new Date(now - random.int(48 * 3_600_000)).toISOString(),
    payload: {
      order: {
        id: orderId,
        total_price: '12.50',
        currency: 'USD',
        line_items: [{ sku: 'SKU-1', quantity: 1 }],
        shipping_address: { zip: '10001', city: 'New York' },
      },
    },
  };
  if (source === 'wms') event.station = 'S-1';
  if (source === 'carrier') event.carrier_name = 'UPS';
  return event;
}

/** Sets a value at a random place inside the payload (creating the path), returning the path written. */
function plantInPayload(random: Random, event: Envelope, value: Json, asKey = false): void {
  const payload = (
    typeof event.payload === 'object' && event.payload !== null && !Array.isArray(event.payload)
      ? event.payload
      : (event.payload = {})
  ) as Record<string, Json>;
  const depth = random.int(4);
  let node: Record<string, Json> = payload;
  for (let level = 0; level < depth; level += 1) {
    const key = random.pick(['order', 'customer', 'meta', 'line_items_0']);
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next))
      node = next as Record<string, Json>;
    else node = (node[key] = {}) as Record<string, Json>;
  }
  if (asKey && typeof value === 'string') node[value] = 'value';
  else if (random.chance(0.3)) node.list = ['ok', value];
  else node[random.pick(['note', 'name', 'sku', 'tag'])] = value;
}

/** Raw JSON text of `depth` nested objects or arrays (built as text: JSON.stringify would overflow the stack). */
function deepText(random: Random, depth: number): string {
  return random.chance(0.5)
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

interface Built {
  category: string;
  route: string;
  value?: Json;
  raw?: Buffer;
  headers?: Record<string, string>;
  method?: string;
  query?: string;
  signing?: 'e2a' | 'shopify' | 'none' | 'wrong' | 'stale' | 'unknown-tenant';
}

function mutateEvent(
  random: Random,
  event: Envelope,
  now: number,
  maxBodyBytes: number,
): { category: string; raw?: Buffer } {
  const kind = random.int(9);
  switch (kind) {
    case 0: {
      const field = random.pick([...ENVELOPE_FIELDS, ...EXTRA_FIELDS, 'source']);
      event[field] = wrongValue(random);
      return { category: `field-type:${field}` };
    }
    case 1: {
      const field = random.pick(['event_id', 'order_id', 'event_type', 'correlation_id', ...EXTRA_FIELDS]);
      event[field] = random.pick(UNSTORABLE_STRINGS);
      return { category: `unicode:field:${field}` };
    }
    case 2: {
      const bad = random.pick(UNSTORABLE_STRINGS);
      const asKey = random.chance(0.4);
      plantInPayload(random, event, bad, asKey);
      return { category: asKey ? 'unicode:payload-key' : 'unicode:payload-value' };
    }
    case 3: {
      event.occurred_at = random.pick(IMPLAUSIBLE_DATES(now));
      return { category: 'date:occurred_at' };
    }
    case 4: {
      const number = random.pick([1e300, 2 ** 63, -1, 1.5, 1e21]);
      const where = random.int(3);
      if (where === 0) event.total_amount_cents = number;
      else if (where === 1) (event.payload as Record<string, Json>).total_amount_cents = number;
      else
        ((event.payload as Record<string, Json>).order as Record<string, Json>).total_price = random.pick([
          number,
          '99999999999999999999.99',
          '1e400',
        ]);
      return { category: 'number:out-of-range' };
    }
    case 5: {
      const payload = event.payload as Record<string, Json>;
      // Large but under the body limit, so the gateway has to read, parse and scan all of it.
      const budget = Math.floor(maxBodyBytes * (0.2 + random.next() * 0.6));
      const size = random.int(3);
      if (size === 0) payload.blob = hugeString(random, budget);
      else if (size === 1) payload.many = Array.from({ length: Math.floor(budget / 7) }, (_v, i) => i);
      else
        payload.keys = Object.fromEntries(
          Array.from({ length: Math.floor(budget / 14) }, (_v, i) => [`k${i}`, i]),
        );
      return { category: 'huge' };
    }
    case 6: {
      event.payload = '__DEEP__';
      const depth = random.pick([40, 100, 1_000, 10_000, 100_000]);
      const text = JSON.stringify(event).replace('"__DEEP__"', deepText(random, depth));
      return { category: `deep:${depth}`, raw: Buffer.from(text) };
    }
    case 7: {
      // Raw bytes UTF-8 cannot decode, inside a string value.
      const bytes = random.pick([
        [0xff],
        [0xc0, 0x80],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xe2, 0x28, 0xa1],
      ]);
      const marker = '__BYTES__';
      (event.payload as Record<string, Json>).note = marker;
      const [head, tail] = JSON.stringify(event).split(marker) as [string, string];
      return {
        category: 'unicode:invalid-utf8',
        raw: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]),
      };
    }
    default: {
      // Several wrong at once.
      event[random.pick(ENVELOPE_FIELDS)] = wrongValue(random);
      event.occurred_at = random.pick(IMPLAUSIBLE_DATES(now));
      plantInPayload(random, event, random.pick(UNSTORABLE_STRINGS));
      return { category: 'mixed' };
    }
  }
}

function buildOne(random: Random, options: HostileOptions, ids: () => string): Built {
  const { now } = options;
  const roll = random.int(100);
  const route = random.pick(['shopify', 'wms', 'carrier', 'events', 'batch'] as const);
  const source = route === 'events' || route === 'batch' ? random.pick(SOURCES) : route;

  if (roll < 8) {
    // Valid: the generator must also prove that good events still go through.
    const event = validEvent(random, source, ids, now);
    if (route === 'events' || route === 'batch') event.source = source;
    if (route === 'batch') return { category: 'valid:batch', route, value: { events: [event] } };
    return { category: 'valid', route, value: event };
  }
  if (roll < 14) {
    // Batches mixing good and hostile items, or a broken batch shape.
    const shape = random.int(4);
    if (shape === 0)
      return { category: 'batch:shape', route: 'batch', value: { events: wrongValue(random) } };
    if (shape === 1)
      return {
        category: 'batch:too-many',
        route: 'batch',
        value: { events: Array.from({ length: 1_001 }, () => ({ source: 'wms' })) },
      };
    const items: Json[] = Array.from({ length: 2 + random.int(6) }, () => {
      const itemSource = random.pick(SOURCES);
      const event = validEvent(random, itemSource, ids, now);
      event.source = itemSource;
      if (random.chance(0.6)) mutateEvent(random, event, now, options.maxBodyBytes);
      return random.chance(0.05) ? wrongValue(random) : event;
    });
    return { category: 'batch:mixed', route: 'batch', value: { events: items } };
  }
  if (roll < 24) {
    // Headers: tenant, correlation id, content type, encoding, Shopify topic and trigger time.
    const event = validEvent(random, source, ids, now);
    if (route === 'events' || route === 'batch') event.source = source;
    const value = route === 'batch' ? { events: [event] } : event;
    const header = random.int(8);
    const headers: Record<string, string> = {};
    if (header === 0)
      headers['x-tenant-id'] = random.pick(['', ' ', 'a'.repeat(65), 'tenant with space', 'tén']);
    else if (header === 1)
      headers['x-correlation-id'] = random.pick(['', 'x'.repeat(129), 'with space', 'ünïcode', '\t']);
    else if (header === 2)
      headers['content-type'] = random.pick([
        'text/plain',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json;;;',
        'APPLICATION/JSON',
      ]);
    else if (header === 3)
      headers['content-encoding'] = random.pick(['gzip', 'deflate', 'br', 'identity', 'bogus']);
    else if (header === 4)
      headers['x-shopify-topic'] = random.pick(['orders/create', 'orders/paid', 'x', '']);
    else if (header === 5)
      headers['x-shopify-triggered-at'] = random.pick([...IMPLAUSIBLE_DATES(now), 'ÿÿÿ']);
    else if (header === 6)
      headers['x-shopify-webhook-id'] = random.pick(['', 'x'.repeat(200), 'ÿ\u00ff', 'id with space']);
    else
      headers['x-e2a-signature'] = random.pick(['t=1,v1=zz', 't=,v1=', 'garbage', 't=99999999999999,v1=00']);
    if (header >= 4 && header <= 6 && route !== 'shopify' && route !== 'events') {
      return {
        category: `header:${Object.keys(headers)[0]}`,
        route: 'events',
        value: nativeShopifyOrder(ids),
        headers,
      };
    }
    return {
      category: `header:${Object.keys(headers)[0]}`,
      route,
      value,
      headers,
      signing: header === 7 ? 'none' : 'e2a',
    };
  }
  if (roll < 30) {
    // Paths, methods and query strings.
    const event = validEvent(random, source, ids, now);
    const kind = random.int(5);
    if (kind === 0)
      return {
        category: 'query',
        route,
        value:
          route === 'batch'
            ? { events: [{ ...event, source }] }
            : ({ ...event, source: route === 'events' ? source : undefined } as Json),
        query: random.pick([
          '?a=%ZZ',
          '?__proto__[polluted]=1',
          '?' + 'x=1&'.repeat(500),
          '?a[b][c][d][e][f]=1',
          '?%00=%00',
          '?q=%ED%A0%80',
          '?' + 'y'.repeat(6_000),
        ]),
      };
    if (kind === 1)
      return {
        category: 'path',
        route: random.pick([
          '%ZZ',
          'shopify/../batch',
          'SHOPIFY',
          'shopify/',
          '..%2f..%2fetc',
          'nope',
          '%00',
        ]),
        value: event,
      };
    if (kind === 2)
      return {
        category: 'method',
        route,
        value: event,
        method: random.pick(['GET', 'PUT', 'DELETE', 'PATCH']),
      };
    if (kind === 3) return { category: 'body:empty', route, raw: Buffer.alloc(0) };
    return {
      category: 'body:not-json',
      route,
      raw: Buffer.from(
        random.pick([
          '{',
          'null',
          '[]',
          '"string"',
          '12',
          '{"a":1}{"b":2}',
          '\ufeff{}',
          'true',
          '{"a":1,}',
          '\u0000',
        ]),
      ),
    };
  }
  if (roll < 34) {
    // Bodies just under and over the size limit.
    const event = validEvent(random, source, ids, now);
    if (route === 'events' || route === 'batch') event.source = source;
    const target = options.maxBodyBytes + random.pick([-200, 10, options.maxBodyBytes]);
    (event.payload as Record<string, Json>).padding = '';
    const base = JSON.stringify(route === 'batch' ? { events: [event] } : event).length;
    (event.payload as Record<string, Json>).padding = 'p'.repeat(Math.max(0, target - base));
    return { category: 'size', route, value: route === 'batch' ? { events: [event] } : event };
  }

  const event = validEvent(random, source, ids, now);
  if (route === 'events' || route === 'batch') event.source = source;
  const mutation = mutateEvent(random, event, now, options.maxBodyBytes);
  const signing = random.pick([
    'e2a',
    'e2a',
    'e2a',
    'e2a',
    'shopify',
    'none',
    'wrong',
    'stale',
    'unknown-tenant',
  ] as const);
  if (route === 'batch') {
    if (mutation.raw) {
      const raw = Buffer.concat([Buffer.from('{"events":['), mutation.raw, Buffer.from(']}')]);
      return { category: mutation.category, route, raw, signing };
    }
    return { category: mutation.category, route, value: { events: [event] }, signing };
  }
  return { category: mutation.category, route, value: event, raw: mutation.raw, signing };
}

function nativeShopifyOrder(ids: () => string): Json {
  const id = ids();
  return { id, created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-01T10:00:00Z', total_price: '10.00' };
}

/** Yields `count` requests, deterministic for a seed; bodies are built one at a time to bound memory. */
export function* generateHostileRequests(options: HostileOptions): Generator<HostileRequest> {
  const random = createRandom(options.seed);
  for (let index = 0; index < options.count; index += 1) {
    let counter = 0;
    const ids = () => `${options.idPrefix}-${index}-${counter++}`;
    const built = buildOne(random, options, ids);
    const body = built.raw ?? Buffer.from(JSON.stringify(built.value ?? null));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-tenant-id': options.tenant,
    };
    const signing = built.signing ?? 'e2a';
    const nowSeconds = options.now / 1000;
    if (signing === 'e2a') headers['x-e2a-signature'] = signWebhook(options.secret, body, nowSeconds);
    else if (signing === 'shopify')
      headers['x-shopify-hmac-sha256'] = signShopifyWebhook(options.secret, body);
    else if (signing === 'wrong')
      headers['x-e2a-signature'] = signWebhook('not-the-secret', body, nowSeconds);
    else if (signing === 'stale')
      headers['x-e2a-signature'] = signWebhook(options.secret, body, nowSeconds - 3_600);
    else if (signing === 'unknown-tenant') {
      headers['x-tenant-id'] = `${options.tenant}-unknown`;
      headers['x-e2a-signature'] = signWebhook(options.secret, body, nowSeconds);
    }
    Object.assign(headers, built.headers);
    yield {
      index,
      category: built.category,
      method: built.method ?? 'POST',
      path: `/ingest/${built.route}${built.query ?? ''}`,
      headers,
      body,
    };
  }
}

export interface HostileAnswer {
  index: number;
  category: string;
  path: string;
  status: number;
  /** Parsed JSON answer, or the text when it was not JSON. */
  body: unknown;
  /** `source:event_id` of every event a 2xx answer said is stored (accepted or duplicate). */
  acknowledged: string[];
}

/** Sends every request over node:http (which, unlike fetch, lets odd bytes and headers through) with `concurrency`. */
export async function sendHostileRequests(
  baseUrl: string,
  requests: Iterable<HostileRequest>,
  options: { concurrency: number; onAnswer?: (answer: HostileAnswer) => void },
): Promise<HostileAnswer[]> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const iterator = requests[Symbol.iterator]();
  const answers: HostileAnswer[] = [];
  const sendOne = (item: HostileRequest) =>
    new Promise<HostileAnswer>((resolve) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: item.method,
          path: item.path,
          agent,
          headers: { ...item.headers, 'content-length': String(item.body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // not JSON
            }
            resolve(answerOf(item, res.statusCode ?? 0, body));
          });
          res.on('error', () => resolve(answerOf(item, 0, 'response error')));
        },
      );
      // A connection the server closed on a request it refused to read (413, 431) is an answer, not a crash.
      req.on('error', (error) => resolve(answerOf(item, 0, String(error))));
      req.end(item.body);
    });
  const lane = async () => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return;
      const answer = await sendOne(next.value);
      options.onAnswer?.(answer);
      answers.push(answer);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  agent.destroy();
  return answers;
}

function answerOf(request: HostileRequest, status: number, body: unknown): HostileAnswer {
  const { index, category, path } = request;
  return { index, category, path, status, body, acknowledged: acknowledgedEvents(status, body, request) };
}

/** The `source:event_id` pairs a 2xx answer says are stored (single answers and ok batch items). */
function acknowledgedEvents(status: number, answer: unknown, request: HostileRequest): string[] {
  if (status < 200 || status >= 300) return [];
  let sent: { source?: string; events?: Array<{ source?: string }> };
  try {
    sent = JSON.parse(request.body.toString('utf8')) as typeof sent;
  } catch {
    return ['?:unparseable-body-acknowledged'];
  }
  const body = answer as {
    event_id?: string;
    results?: Array<{ ok: boolean; event_id?: string; index: number }>;
  };
  if (Array.isArray(body.results)) {
    return body.results
      .filter((result) => result.ok && result.event_id !== undefined)
      .map((result) => `${sent.events?.[result.index]?.source ?? '?'}:${result.event_id}`);
  }
  const route = (request.path.split('?')[0]?.split('/')[2] ?? '').toLowerCase();
  const source = route === 'events' ? (sent.source ?? 'shopify') : route;
  return body.event_id === undefined ? [] : [`${source}:${body.event_id}`];
}
