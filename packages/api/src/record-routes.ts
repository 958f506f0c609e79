import { IdParamsSchema } from '@euregionet/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoute, type ApiRouteDoc } from './api-route.js';
import { etagOf, versionFromIfMatch } from './http.js';
import { contextOf, type Access } from './modules/auth/auth.plugin.js';
import type { RequestContext } from './modules/auth/actor.js';

/*
 * The routes of a record kind (list, create, get, change with If-Match, delete, restore) have
 * one shape across the modules; they are declared here once, so that the ETag, the Location, the
 * 204 and the documented error statuses are the same on every record. A module still writes
 * what differs: the access rule, the operationId, the summary, the schemas and the service call.
 */

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];
type Versioned = { id: string; version: number };
type Errors = readonly number[];

/** What every route of the builder takes: who may call it and how it is documented. */
interface Doc {
  access: Access;
  operationId: string;
  summary: string;
  description?: string;
  /**
   * The route's own error statuses, besides those of every /api route and those its shape implies
   * (`shapeErrors`: the id 404, a body 413 and 415, If-Match 412 and 428); without it, the kind's
   * own: 409 on create and change.
   */
  errors?: Errors;
}

/** Options of the record kind: where it lives, its tags and the schema of one record. */
export interface RecordRoutesOptions<R extends z.ZodType> {
  /** The collection's path below /api/v1, e.g. `/funding-calls`; one record is `<path>/:id`. */
  path: string;
  tags: string[];
  record: R;
}

export function recordRoutes<R extends z.ZodType>(app: ZodApp, { path, tags, record }: RecordRoutesOptions<R>) {
  type Out = z.input<R> & Versioned;
  const one = `${path}/:id`;
  /** Each route's `config` and `schema` by the rule of every /api route (`apiRoute`), with the kind's own errors by default. */
  const routeOf = ({ access, operationId, summary, description, errors }: Doc, shape: Omit<ApiRouteDoc, keyof Doc>, own: Errors = []) =>
    apiRoute(tags, {
      access,
      operationId,
      summary,
      ...(description === undefined ? {} : { description }),
      ...shape,
      errors: errors ?? own,
    });
  // The schemas are type parameters here, which the Zod type provider cannot resolve; Fastify has
  // validated each request against them before a handler runs, so the handlers cast what they read.
  const route = (options: RouteOptions) => (app as unknown as FastifyInstance).route(options);
  const withEtag = (reply: FastifyReply, found: Out) => reply.header('etag', etagOf(found.version)).send(found);

  return {
    /** `GET <path>`: a page of records, filtered by the query. */
    list<Q extends z.ZodType, P extends z.ZodType>(
      o: Doc & { query: Q; page: P; list: (query: z.infer<Q>, ctx: RequestContext) => Promise<z.input<P>> },
    ) {
      route({
        method: 'GET',
        url: path,
        ...routeOf(o, { querystring: o.query, response: { 200: o.page } }),
        handler: async (request: FastifyRequest) => o.list(request.query as z.infer<Q>, contextOf(request)),
      });
    },

    /** `POST <path>`: 201 with the new record, its Location and ETag. */
    create<B extends z.ZodType, Q extends z.ZodType = z.ZodNever>(
      o: Doc & { body: B; query?: Q; create: (ctx: RequestContext, body: z.infer<B>, query: z.infer<Q>) => Promise<Out> },
    ) {
      route({
        method: 'POST',
        url: path,
        ...routeOf(o, { ...(o.query === undefined ? {} : { querystring: o.query }), body: o.body, response: { 201: record } }, [409]),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const created = await o.create(contextOf(request), request.body as z.infer<B>, request.query as z.infer<Q>);
          return withEtag(reply.status(201).header('location', `/api/v1${path}/${created.id}`), created);
        },
      });
    },

    /** `GET <path>/:id`: the record with its ETag. */
    get(o: Doc & { get: (id: string, ctx: RequestContext) => Promise<Out> }) {
      route({
        method: 'GET',
        url: one,
        ...routeOf(o, { params: IdParamsSchema, response: { 200: record } }),
        handler: async (request: FastifyRequest, reply: FastifyReply) =>
          withEtag(reply, await o.get((request.params as { id: string }).id, contextOf(request))),
      });
    },

    /**
     * A change of the record that needs `If-Match` (428 without, 412 when stale) and answers the
     * changed record with its new ETag: `PATCH <path>/:id` by default, or an action such as
     * `POST <path>/:id/transitions` (`method`, `action`); `body` is left out for an action
     * without one. With `optionalIfMatch`, a change without the header is taken as it comes (the
     * service gets no version, and nothing answers 428); one with it is still refused when stale.
     */
    change<B extends z.ZodType = z.ZodUndefined, Optional extends boolean = false>(
      o: Doc & {
        method?: 'PATCH' | 'POST' | 'PUT';
        action?: string;
        body?: B;
        optionalIfMatch?: Optional;
        change: (
          ctx: RequestContext,
          id: string,
          version: Optional extends true ? number | undefined : number,
          body: z.infer<B>,
          request: FastifyRequest,
        ) => Promise<Out>;
      },
    ) {
      route({
        method: o.method ?? 'PATCH',
        url: o.action === undefined ? one : `${one}/${o.action}`,
        ...routeOf(
          o,
          {
            params: IdParamsSchema,
            ifMatch: o.optionalIfMatch ? 'optional' : 'required',
            ...(o.body === undefined ? {} : { body: o.body }),
            response: { 200: record },
          },
          [409],
        ),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          const header = (request.headers as { 'if-match'?: string })['if-match'];
          const version = o.optionalIfMatch && !header ? undefined : versionFromIfMatch(header);
          const id = (request.params as { id: string }).id;
          return withEtag(reply, await o.change(contextOf(request), id, version as number, request.body as z.infer<B>, request));
        },
      });
    },

    /** `DELETE <path>/:id`: 204. */
    remove(o: Doc & { deleted?: string; remove: (ctx: RequestContext, id: string) => Promise<unknown> }) {
      route({
        method: 'DELETE',
        url: one,
        ...routeOf(o, { params: IdParamsSchema, response: { 204: z.null().describe(o.deleted ?? 'Deleted') } }),
        handler: async (request: FastifyRequest, reply: FastifyReply) => {
          await o.remove(contextOf(request), (request.params as { id: string }).id);
          return reply.status(204).send(null);
        },
      });
    },

    /** `POST <path>/:id/restore`: the restored record with its ETag. */
    restore(o: Doc & { restore: (ctx: RequestContext, id: string) => Promise<Out> }) {
      route({
        method: 'POST',
        url: `${one}/restore`,
        ...routeOf(o, { params: IdParamsSchema, response: { 200: record } }),
        handler: async (request: FastifyRequest, reply: FastifyReply) =>
          withEtag(reply, await o.restore(contextOf(request), (request.params as { id: string }).id)),
      });
    },
  };
}
