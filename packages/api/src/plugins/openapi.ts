import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALWAYS, API_ALWAYS } from '../http.js';
import type { Access } from '../modules/auth/auth.plugin.js';

export const API_TAGS = [
  { name: 'home', description: 'The signed-in person’s work of today, in one request' },
  { name: 'auth', description: 'Signing in and out; the current session' },
  { name: 'users', description: 'Staff accounts (administrators)' },
  { name: 'api-keys', description: 'Keys of regional portals and import scripts (administrators)' },
  { name: 'audit', description: 'Who changed what, when' },
  { name: 'clusters', description: 'Clusters and networks of the programme area' },
  { name: 'consulting', description: 'Consulting requests: intake from portals and staff, workflow, deadlines' },
  { name: 'personal-data', description: 'GDPR: export and erasure of everything held about an e-mail address, across modules' },
  { name: 'outbox', description: 'E-mails sent and waiting to be sent' },
  { name: 'organisations', description: 'Member organisations and their memberships in clusters' },
  { name: 'search', description: 'Faceted search over clusters and organisations' },
  { name: 'locations', description: 'The map of clusters and organisations: the tile server the admin draws it on' },
  { name: 'taxonomies', description: 'Reference data: NACE sectors, NUTS regions, smart-specialisation areas' },
  { name: 'public', description: 'For regional portals (API keys with public:read): published clusters, localised' },
  { name: 'evaluation-frameworks', description: 'Versioned frameworks of criteria that clusters are evaluated against' },
  { name: 'evaluations', description: 'Scored, reviewed evaluations of clusters; comparison and progress' },
  { name: 'funding-calls', description: 'Funding calls, their fit with clusters, followed clusters and deadline reminders' },
  { name: 'events', description: 'Events of the Polish–German cluster dialogue' },
  {
    name: 'brand',
    description:
      'The joint Polish–German cluster brand: criteria versions, applications, four-eyes decisions, awards; public verification, signed badges and holders',
  },
  { name: 'indicators', description: 'The project’s indicators against their targets, with the records behind each figure; CSV export' },
  { name: 'imports', description: 'Bulk imports from CSV and JSON (upsert by natural key, dry run, history) and exports of the lists' },
  { name: 'profiles', description: 'Cooperation profiles: offers and requests of organisations and clusters' },
  { name: 'matchmaking', description: 'Ranked, explained partner candidates and the weights of the score' },
  { name: 'matches', description: 'Matches staff propose, followed from proposal to agreed cooperation; counts for reporting' },
  { name: 'publications', description: 'News, studies, guides and results of the partners: writing, workflow, Markdown preview' },
  { name: 'files', description: 'Files attached to records: upload (checked by content), download, thumbnails' },
  { name: 'feeds', description: 'Atom feeds per language of publications and funding calls, without a key' },
  { name: 'health', description: 'Liveness and readiness for orchestrators' },
];

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas; shapes registered with an
 * id in `@euregionet/shared` appear as named components. Routes without tags stay out of it.
 */
export interface ApiRoute {
  method: string;
  url: string;
  operationId: string | undefined;
  tags: string[];
  statuses: string[];
  hasBody: boolean;
  /** Its path names a record that may not exist (`namesRecord`): it documents 404. */
  namesRecord: boolean;
  /** Who may call it (`config.access`), as the auth plugin enforces it. */
  access: Access | undefined;
}

/** The names under which the document declares how a caller authenticates. */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`Authorization: Bearer <key>`), issued by an administrator with scopes; the scopes an operation accepts are listed with it. Never in a query string.',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'eurn_session',
    description:
      'The admin app’s session cookie, set by `POST /api/v1/auth/login`; the staff roles an operation accepts are listed with it.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description:
      'With the session cookie, every change (POST, PUT, PATCH, DELETE) also sends the `csrfToken` of `GET /api/v1/auth/session`, which only the admin app’s own script can read.',
  },
} as const;

/** Headers of many answers: the rate limit's (`plugins/rate-limit.ts`) and the CORS one (`plugins/security.ts`). */
export const SHARED_HEADERS = {
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window of one minute (the key’s own limit, or the one for users and addresses)',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window starts again',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 60 },
  },
  'Access-Control-Allow-Origin': {
    description:
      'Sent when the request’s `Origin` is let in (`plugins/security.ts`: the portal routes, and `CORS_ORIGINS`); a key used from a browser must also allow that origin',
    schema: { type: 'string', maxLength: 2000 },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
  },
} as const;

type Doc = { paths?: Record<string, Record<string, { responses?: Record<string, { headers?: Record<string, unknown> }> }>> };

/**
 * Adds to the generated document what every operation shares: the rate limit's headers on each
 * answer under /api (2xx and 4xx alike: the limit counts every request), `Retry-After` on a
 * 429 and on a 503 (the database away or a query timed out: `plugins/errors.ts`), and the CORS
 * header that `plugins/security.ts` sends to the origins it lets in.
 */
export function withSharedHeaders<T extends Doc>(doc: T): T {
  const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        // Outside /api nothing is rate limited (probes, feeds, the brand key): no 429 there.
        if (!path.startsWith('/api/') && status === '429') {
          delete operation.responses![status];
          continue;
        }
        const headers: Record<string, unknown> = { 'Access-Control-Allow-Origin': ref('Access-Control-Allow-Origin') };
        if (path.startsWith('/api/') && /^[24]/.test(status)) {
          for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) headers[name] = ref(name);
        }
        if (status === '429' || status === '503') headers['Retry-After'] = ref('Retry-After');
        response.headers = { ...response.headers, ...headers };
      }
    }
  }
  return doc;
}

/** Where the API is; `x-internal: false` says it is meant for integrators (OWASP API9, inventory). */
function serverOf(url: string): { url: string; description: string } {
  const server = { url, description: 'This installation, production (`PUBLIC_BASE_URL`)', 'x-internal': false };
  return server;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The security requirements of an operation, read from the same `config.access` that the auth
 * plugin enforces: staff roles sign in with the session cookie (and send the CSRF header with a
 * change), API key scopes come as a bearer key; a public operation needs neither. OpenAPI 3.1
 * lets a requirement list roles for any scheme, so the roles and scopes are named too.
 */
export function securityOf(access: Access | undefined, method: string): Record<string, string[]>[] {
  if (!access || 'public' in access) return [];
  const requirements: Record<string, string[]>[] = [];
  if (access.roles.length) {
    requirements.push(
      UNSAFE_METHODS.has(method.toUpperCase()) ? { session: [...access.roles], csrfToken: [] } : { session: [...access.roles] },
    );
  }
  if (access.scopes?.length) requirements.push({ apiKey: [...access.scopes] });
  return requirements;
}

/** Per media type, the body of a route that reads it itself, as a stream. */
export type StreamedBody = Record<string, { schema: Record<string, unknown> }>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body of a route that parses it itself (a stream): documented, not validated by Fastify. */
    streamedBody?: StreamedBody;
  }
  interface FastifyInstance {
    /** Every route of the API and its documentation, as registered. */
    apiRoutes: readonly ApiRoute[];
  }
}

const DOCUMENTED_PREFIXES = ['/api/', '/health/', '/.well-known/'];

/**
 * Whether a route's path parameters name a record that may not exist (a 404), rather than one of
 * a fixed list (a taxonomy, an import's entity, a partner), where a wrong value is a 400.
 */
export function namesRecord(params: unknown): boolean {
  if (params === undefined) return false;
  if (!(params instanceof z.ZodObject)) return true;
  return !Object.values(params.shape).every((param) => param instanceof z.ZodEnum);
}

/** What a route must document; the app refuses to start while any route falls short. */
export function undocumented(route: ApiRoute): string[] {
  const missing: string[] = [];
  if (!route.operationId) missing.push('operationId');
  if (!route.tags.length) missing.push('tags');
  if (!route.statuses.some((s) => s.startsWith('2'))) missing.push('a success response schema');
  const always = route.url.startsWith('/api/') ? [...ALWAYS, ...API_ALWAYS] : ALWAYS;
  for (const s of always.map(String)) if (!route.statuses.includes(s)) missing.push(`a ${s} response`);
  if (route.namesRecord && !route.statuses.includes('404')) missing.push('a 404 response');
  if (route.hasBody) for (const s of ['413', '415']) if (!route.statuses.includes(s)) missing.push(`a ${s} response (it takes a body)`);
  return missing;
}

export const openapiPlugin = fp<{ publicBaseUrl?: string }>(
  async (app, { publicBaseUrl }) => {
    const routes: ApiRoute[] = [];
    app.decorate('apiRoutes', routes);
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = [route.method].flat().filter((m) => m !== 'HEAD');
      if (!DOCUMENTED_PREFIXES.some((p) => route.url.startsWith(p))) return;
      const schema = (route.schema ?? {}) as {
        operationId?: string;
        tags?: string[];
        response?: Record<string, unknown>;
        body?: unknown;
        params?: unknown;
      };
      for (const method of methods) {
        routes.push({
          method,
          url: route.url,
          operationId: schema.operationId,
          tags: schema.tags ?? [],
          statuses: Object.keys(schema.response ?? {}),
          hasBody: schema.body !== undefined || route.config?.streamedBody !== undefined,
          // A path parameter without a schema names a record, as far as anyone can tell.
          namesRecord: route.url.includes(':') && (schema.params === undefined || namesRecord(schema.params)),
          access: route.config?.access,
        });
      }
    });
    app.addHook('onReady', async () => {
      const faults = routes.flatMap((r) => undocumented(r).map((m) => `${r.method} ${r.url}: no ${m}`));
      if (faults.length) throw new Error(`Routes without documentation:\n${faults.join('\n')}`);
    });

    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'EuRegioNet API',
          version: '1.0.0',
          description: [
            'Information, consulting and support platform for networks and clusters in the INTERREG V A Brandenburg–Polska area.',
            '',
            'Every error is `application/problem+json` (RFC 9457) with a stable `code`; a validation error lists each bad field with a JSON pointer.',
            '',
            '**Limits** — request body: 1 MiB by default (`413 PAYLOAD_TOO_LARGE`); page size: `limit` ≤ 100 (`400`); values of one filter: ≤ 20 (`400`);',
            'unknown query parameters: `400`; query time: 5 s by default (`503 QUERY_TIMEOUT` with `Retry-After`); requests per minute: per API key',
            '(its own limit) and per signed-in user or address (`429 RATE_LIMITED` with `RateLimit-*` and `Retry-After`); imports: a body of up to 256 MiB',
            'by default (`413`), processed as a job above 4 MiB, with the first 1,000 bad rows listed.',
          ].join('\n'),
        },
        tags: API_TAGS,
        ...(publicBaseUrl ? { servers: [serverOf(publicBaseUrl)] } : {}),
        components: { securitySchemes: SECURITY_SCHEMES, headers: SHARED_HEADERS },
      },
      transform: (input) => {
        const out = jsonSchemaTransform(input);
        const tags = (input.schema as { tags?: string[] } | undefined)?.tags;
        const streamed = input.route.config?.streamedBody;
        if (streamed) out.schema = { ...out.schema, body: { content: streamed } };
        const access = input.route.config?.access;
        if (access) out.schema = { ...out.schema, security: securityOf(access, [input.route.method].flat()[0] ?? 'GET') };
        return tags?.length ? out : { ...out, schema: { ...out.schema, hide: true } };
      },
      transformObject: (input) => withSharedHeaders(jsonSchemaTransformObject(input) as Doc),
    });
    await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
