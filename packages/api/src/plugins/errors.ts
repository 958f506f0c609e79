import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_LIMITS,
  type ErrorCode,
  type ExistingRecord,
  type FieldError,
  type Problem,
} from '@euregionet/shared';
import { AppError, fromDatabaseError, TITLES } from '../errors.js';

const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'MALFORMED_REQUEST', detail: 'Content-Length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'MALFORMED_REQUEST', detail: 'Invalid Content-Type header' },
  FST_ERR_BAD_URL: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The URL is not valid' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'MALFORMED_REQUEST', detail: 'The request is malformed' },
};

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query', params: 'path', headers: 'headers', body: 'body' };

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  detail: string | undefined,
  extra: { errors?: FieldError[]; headers?: Record<string, string>; existing?: ExistingRecord[] } = {},
) {
  const body: Problem = {
    type: `https://euregionet.eu/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    // Cut to the documented bounds: a path or a message may quote an overlong request.
    ...(detail ? { detail: detail.slice(0, PROBLEM_LIMITS.detail) } : {}),
    instance: request.url.split('?')[0]!.slice(0, PROBLEM_LIMITS.instance),
    requestId: String(request.id),
    ...(extra.errors
      ? {
          errors: extra.errors.slice(0, PROBLEM_LIMITS.errors).map((e) => ({
            pointer: e.pointer.slice(0, PROBLEM_LIMITS.pointer),
            code: e.code,
            message: e.message.slice(0, PROBLEM_LIMITS.message),
          })),
        }
      : {}),
    ...(extra.existing ? { existing: extra.existing.slice(0, PROBLEM_LIMITS.existing) } : {}),
  };
  if (extra.headers) void reply.headers(extra.headers);
  // Also for the router's own errors, which run before helmet's hooks.
  void reply.header('x-content-type-options', 'nosniff');
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * The one place where failures become responses: every error is RFC 9457 problem+json with a
 * stable code. The text of unexpected errors never reaches the client; it goes to the log with
 * the request id instead.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        if (error.status >= 500) request.log.warn({ err: error.cause ?? error, code: error.code }, error.message);
        return sendProblem(request, reply, error.status, error.code, error.message, error.extra);
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const context = CONTEXT_NAMES[(error as { validationContext?: string }).validationContext ?? 'body'] ?? 'body';
        const errors = error.validation.map((v) => {
          const custom = (v.params as { params?: { code?: string } } | undefined)?.params?.code;
          return {
            pointer: `/${context}${v.instancePath === '/' ? '' : v.instancePath}`,
            code: custom ?? v.keyword,
            message: v.message ?? 'Invalid value',
          };
        });
        return sendProblem(request, reply, 400, 'VALIDATION_FAILED', 'Some fields are not valid', { errors });
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, issues: error.cause?.issues }, 'response does not match its schema');
        return sendProblem(request, reply, 500, 'INTERNAL_ERROR', 'Unexpected server error');
      }
      const known = error.code ? FASTIFY_CODES[error.code] : undefined;
      if (known) return sendProblem(request, reply, known.status, known.code, known.detail);
      const database = fromDatabaseError(error);
      if (database) {
        request.log.warn({ err: error, code: database.code }, database.message);
        return sendProblem(request, reply, database.status, database.code, database.message, database.extra);
      }
      if (error.statusCode === 429) {
        return sendProblem(request, reply, 429, 'RATE_LIMITED', 'Too many requests; retry later');
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(request, reply, error.statusCode, 'MALFORMED_REQUEST', 'The request is malformed');
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendProblem(request, reply, 500, 'INTERNAL_ERROR', 'Unexpected server error');
    });
  },
  { name: 'errors' },
);

const API_PREFIXES = ['/api/', '/health/', '/docs', '/openapi.json'];

/**
 * Unknown routes get a problem+json 404 — except page loads of the admin app's own routes
 * (`/clusters/…`), which get index.html so that a reload or a shared link works.
 */
export function notFoundHandler(options: { appIndex: boolean }) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (options.appIndex && wantsPage && !API_PREFIXES.some((p) => path.startsWith(p))) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(request, reply, 404, 'ROUTE_NOT_FOUND', `No route ${request.method} ${path}`);
  };
}
