import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '@e2a/telemetry';

/** Every error code an HTTP service may answer, mapped to its status in one table. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_tenant: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  /** Thrown when a disabled tenant's webhook arrives: nothing is stored, the sender retries later. */
  tenant_disabled: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  rule: string;
}

/** Thrown by handlers for any expected failure; rendered as `{error:{code,message,details}}`. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

/** Zod issues as `{path, rule}` pairs, paths written as `payload.order.line_items[0].sku`; unknown keys one by one. */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.reduce<string>((acc, part) => {
      if (typeof part === 'number') return `${acc}[${part}]`;
      return acc ? `${acc}.${String(part)}` : String(part);
    }, prefix);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, rule: 'is not a known field' }));
    }
    return [{ path: path || '(body)', rule: issue.message }];
  });
}

/** The one 422 of every service (API, gateway): the message lists each `path rule`, the details carry them. */
export function validationFailed(details: ErrorDetail[]): HttpError {
  return new HttpError(
    'validation_failed',
    `Request failed validation: ${details.map((d) => `${d.path} ${d.rule}`).join('; ')}`,
    details,
  );
}

export function validationError(error: z.ZodError, prefix = ''): HttpError {
  return validationFailed(zodDetails(error, prefix));
}

/** Parses with a zod schema or throws a 422 naming each field and rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError('not_found', `No route for ${req.method} ${req.path}`));
};

const isClientError = (status: unknown): status is number =>
  typeof status === 'number' && status >= 400 && status < 500;

/** Renders HttpError, express body-parser errors and anything else in the one error shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let httpError: HttpError;
    const bodyParserError = error as { type?: string; status?: number; message?: string };
    if (error instanceof HttpError) {
      httpError = error;
    } else if (bodyParserError.type === 'entity.too.large') {
      httpError = new HttpError('payload_too_large', 'Request body exceeds the maximum allowed size');
    } else if (bodyParserError.type === 'entity.parse.failed') {
      httpError = new HttpError('malformed_json', 'Request body is not valid JSON', [
        { path: '(body)', rule: 'must be valid JSON' },
      ]);
    } else if (
      bodyParserError.type === 'encoding.unsupported' ||
      bodyParserError.type === 'charset.unsupported'
    ) {
      httpError = new HttpError('unsupported_media_type', bodyParserError.message ?? 'Unsupported encoding');
    } else if (isClientError(bodyParserError.status)) {
      // Any other refusal express or body-parser raised about the request itself (a corrupt gzip body, a
      // malformed URL) is the client's to fix: never a 500.
      httpError = new HttpError(
        bodyParserError.status === 413 ? 'payload_too_large' : 'bad_request',
        `Request could not be read: ${bodyParserError.message ?? 'malformed request'}`,
      );
    } else {
      logger.error({ err: error, path: req.path, method: req.method }, 'unhandled request error');
      httpError = new HttpError('internal', 'Internal server error');
    }
    for (const [name, value] of Object.entries(httpError.headers)) res.setHeader(name, value);
    res.status(httpError.status).json(errorBody(httpError.code, httpError.message, httpError.details));
  };
}
