import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// The only stand-in the tests use: an OpenAI-compatible chat-completions server scripted per request. Like OpenAI
// it takes `response_format` (json_schema structured output, as the AI SDK sends it) and rejects a strict schema
// OpenAI would reject; the scripted reply is the message content the model returns.

export type LlmReply =
  /** A well-formed completion whose content is this value as JSON. */
  | { kind: 'json'; body: unknown; tokens?: number }
  /** A completion whose content is this raw text (malformed answers). */
  | { kind: 'text'; text: string; tokens?: number }
  /** An HTTP error status (429, 500...). */
  | { kind: 'status'; status: number }
  /** Never answers within `ms` (client timeouts). */
  | { kind: 'hang'; ms: number };

/** The `response_format.json_schema` of a structured-output request. */
export interface LlmJsonSchemaFormat {
  name: string;
  strict: boolean;
  schema: JsonSchema;
}

export interface LlmRequest {
  model: string;
  prompt: string;
  /** Present when the client asked for structured output (`response_format: { type: 'json_schema' }`). */
  jsonSchema?: LlmJsonSchemaFormat;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  [keyword: string]: unknown;
}

interface ChatCompletionBody {
  model: string;
  messages?: { content?: unknown }[];
  response_format?: { type: string; json_schema?: { name?: string; strict?: boolean; schema?: JsonSchema } };
}

export interface FakeLlmServer {
  /** Base URL to use as AI_PROVIDER_BASE_URL. */
  url: string;
  requests: LlmRequest[];
  /** Replies used in order before the default responder. */
  enqueue: (...replies: LlmReply[]) => void;
  /** Answers once the queue is empty; unscripted requests get HTTP 500 until set (and after reset). */
  setDefault: (responder: (request: LlmRequest) => LlmReply) => void;
  /** Added before every answer (benchmarks use 200 ms). */
  setLatency: (ms: number) => void;
  reset: () => void;
  close: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// OpenAI's strict mode: every object lists all its properties as required and allows no others.
function strictSchemaProblem(schema: JsonSchema, context: string): string | undefined {
  if (schema.properties) {
    const missing = Object.keys(schema.properties).filter((key) => !schema.required?.includes(key));
    if (missing.length)
      return `In context=(${context}), 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    if (schema.additionalProperties !== false)
      return `In context=(${context}), 'additionalProperties' is required to be supplied and to be false.`;
  }
  const children = [
    ...Object.entries(schema.properties ?? {}).map(
      ([key, child]) => [`'properties', '${key}'`, child] as const,
    ),
    ...(schema.items ? [[`'items'`, schema.items] as const] : []),
    ...(schema.anyOf ?? []).map((child, index) => [`'anyOf', '${index}'`, child] as const),
    ...(typeof schema.additionalProperties === 'object'
      ? [[`'additionalProperties'`, schema.additionalProperties] as const]
      : []),
  ];
  for (const [path, child] of children) {
    const problem = strictSchemaProblem(child, context ? `${context}, ${path}` : path);
    if (problem) return problem;
  }
  return undefined;
}

function jsonSchemaOf(body: ChatCompletionBody): LlmJsonSchemaFormat | undefined {
  const format = body.response_format;
  if (format?.type !== 'json_schema' || !format.json_schema?.schema) return undefined;
  return {
    name: format.json_schema.name ?? 'response',
    strict: format.json_schema.strict === true,
    schema: format.json_schema.schema,
  };
}

function promptOf(body: ChatCompletionBody): string {
  return (body.messages ?? [])
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : Array.isArray(message.content)
          ? message.content.map((part: { text?: string }) => part.text ?? '').join('')
          : '',
    )
    .join('\n');
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const queue: LlmReply[] = [];
  const requests: LlmRequest[] = [];
  let latencyMs = 0;
  const unscripted = (): LlmReply => ({ kind: 'status', status: 500 });
  let responder: (request: LlmRequest) => LlmReply = unscripted;
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as ChatCompletionBody;
    const jsonSchema = jsonSchemaOf(body);
    const request: LlmRequest = {
      model: body.model,
      prompt: promptOf(body),
      ...(jsonSchema && { jsonSchema }),
    };
    requests.push(request);
    const schemaProblem = jsonSchema?.strict ? strictSchemaProblem(jsonSchema.schema, '') : undefined;
    if (schemaProblem) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: `Invalid schema for response_format '${jsonSchema?.name}': ${schemaProblem}`,
            type: 'invalid_request_error',
            param: 'response_format',
            code: null,
          },
        }),
      );
      return;
    }
    const reply = queue.shift() ?? responder(request);
    if (latencyMs) await sleep(latencyMs);
    if (reply.kind === 'hang') {
      await sleep(reply.ms);
      if (!res.writableEnded && !res.destroyed) res.writeHead(504).end();
      return;
    }
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `scripted ${reply.status}`, type: 'scripted', code: reply.status },
        }),
      );
      return;
    }
    const content = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.text;
    const tokens = reply.tokens ?? 100;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 1_780_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: Math.floor(tokens * 0.8),
          completion_tokens: tokens - Math.floor(tokens * 0.8),
          total_tokens: tokens,
        },
      }),
    );
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    setDefault: (next) => {
      responder = next;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      latencyMs = 0;
      responder = unscripted;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Well-formed answers for each task, with overridable fields. */
export const llmAnswers = {
  exception: (overrides: Record<string, unknown> = {}) => ({
    label: 'PICK_DELAY',
    confidence: 0.9,
    root_cause_analysis: 'Pick wave started late because the zone was understaffed.',
    ops_note: 'Move the order to the priority wave and add a picker to zone B.',
    client_note: 'Your order is being prepared and will ship shortly.',
    recommendations: ['Add a picker to zone B during peak hours'],
    priority_factors: ['SLA breached by 60 minutes'],
    reasoning: 'The breach facts show a 60 minute delay on the pick window.',
    ...overrides,
  }),
  resolution: (overrides: Record<string, unknown> = {}) => ({
    can_auto_resolve: true,
    confidence: 0.9,
    automated_actions: ['address_validation_service'],
    resolution_strategy: 'Validate and correct the postal code',
    success_probability: 0.85,
    fallback_required: false,
    reasoning: 'The postal code looks transposed.',
    risk_assessment: 'low',
    estimated_resolution_time: '5 minutes',
    prerequisites: [],
    ...overrides,
  }),
  order: (overrides: Record<string, unknown> = {}) => ({
    has_problems: true,
    confidence: 0.85,
    problems: [
      {
        type: 'PAYMENT_FAILED',
        field: 'financial_status',
        reason: 'payment pending',
        severity: 'HIGH',
        impact: 'order cannot ship',
      },
    ],
    reasoning: 'Payment is pending.',
    recommendations: ['retry payment'],
    risk_assessment: { fulfillment_risk: 'high', customer_impact: 'medium', business_impact: 'medium' },
    ...overrides,
  }),
};
