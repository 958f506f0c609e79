import type { z } from 'zod';
import { apiErrors, IfMatchHeadersSchema, OptionalIfMatchHeadersSchema } from './http.js';
import type { Access } from './modules/auth/auth.plugin.js';
import { namesRecord, type StreamedBody } from './plugins/openapi.js';

/** What a hand-written route under /api declares; `apiRoute` derives the rest. */
export interface ApiRouteDoc {
  access: Access;
  operationId: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType;
  /** A body the handler reads itself as a stream (an import), per media type: documented, not validated by Fastify. */
  streamedBody?: StreamedBody;
  /** The success responses, e.g. `{ 200: ClusterSchema }` (or a response object: an HTML page); the error responses are added. */
  response: Record<number, unknown>;
  /** The route reads `If-Match` (the header is documented): `required` (428 without) or `optional`. */
  ifMatch?: 'required' | 'optional';
  /** The error statuses the shape does not imply: 409 for a conflict, 422, 404 for a record named in the body. */
  errors?: readonly number[];
}

type Derived = 'access' | 'errors' | 'ifMatch' | 'response' | 'streamedBody';
/**
 * The schema as Fastify's types see it: the error responses are left out, so that a handler is
 * typed by its success responses only (errors are thrown, and the error handler writes them).
 */
type ApiRouteSchema<D extends ApiRouteDoc> = Omit<D, Derived> & { tags: string[]; response: D['response'] } & (D extends { ifMatch: string }
    ? { headers: typeof IfMatchHeadersSchema | typeof OptionalIfMatchHeadersSchema }
    : unknown);

/**
 * The error statuses a route answers because of its shape, besides those of every /api route
 * (400, 401, 403, 429, 500, 503):
 * - a path parameter that names a record (`namesRecord`): 404, the record may not exist;
 * - a body, a schema or a stream: 413 (too large) and 415 (a content type not taken);
 * - `If-Match`: 412 when it names a version that is no longer current, and, when it is required, 428 without it.
 */
export function shapeErrors(shape: {
  params?: unknown;
  body?: unknown;
  streamedBody?: unknown;
  ifMatch?: 'required' | 'optional';
}): number[] {
  return [
    ...(namesRecord(shape.params) ? [404] : []),
    ...(shape.body === undefined && shape.streamedBody === undefined ? [] : [413, 415]),
    ...(shape.ifMatch === undefined ? [] : [412]),
    ...(shape.ifMatch === 'required' ? [428] : []),
  ];
}

/**
 * The `config` and `schema` of a hand-written route under /api, spread into Fastify's route
 * options beside its handler (and hooks, log serializers…):
 *
 *     app.post('/consulting-requests/:id/comments', {
 *       ...route({ access, operationId, summary, params: IdParamsSchema, body, response: { 200: X }, errors: [409] }),
 *       handler: async (request) => …,
 *     });
 *
 * `route` is `apiRoute` bound to the module's tags. The rule, written once here: the access goes
 * to `config.access` (and a streamed body to `config.streamedBody`, which the OpenAPI plugin documents); the documentation (`operationId`, `summary`, `description`, the module's
 * tags) and the schemas to `schema`; `ifMatch` documents the `If-Match` header; and the error
 * responses are those of every /api route, those the shape implies (`shapeErrors`: a path
 * parameter 404, a body 413 and 415, `If-Match` 412 and, when required, 428) and the route's own
 * `errors`. The record routes of a kind (`recordRoutes`) are built with it.
 */
export function apiRoute<const D extends ApiRouteDoc>(
  tags: string[],
  doc: D,
): { config: { access: Access; streamedBody?: StreamedBody }; schema: ApiRouteSchema<D> } {
  const { access, errors = [], ifMatch, response, streamedBody, ...schema } = doc;
  return {
    config: { access, ...(streamedBody === undefined ? {} : { streamedBody }) },
    schema: {
      ...schema,
      tags,
      ...(ifMatch === undefined ? {} : { headers: ifMatch === 'required' ? IfMatchHeadersSchema : OptionalIfMatchHeadersSchema }),
      response: { ...response, ...apiErrors(...shapeErrors(doc), ...errors) },
    } as unknown as ApiRouteSchema<D>,
  };
}

/** `apiRoute` for the routes of one module, which share its tags. */
export const apiRoutes =
  (tags: string[]) =>
  <const D extends ApiRouteDoc>(doc: D) =>
    apiRoute(tags, doc);
