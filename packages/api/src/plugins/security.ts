import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCors from '@fastify/cors';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * The CSP source of a tile server's URL template: its scheme and host, with Leaflet's `{s}`
 * subdomain as a wildcard (`https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`).
 */
export function tileSource(tileUrl: string | null | undefined): string[] {
  // Only a plain host (and port) goes into the header: nothing that could end the directive.
  const origin = /^(https?:\/\/[a-z0-9.\-{}]+(?::\d+)?)(?:[/?#]|$)/i.exec(tileUrl ?? '')?.[1];
  return origin ? [origin.replace('{s}', '*')] : [];
}

/** `application/json`, `application/problem+json`, `application/geo+json`. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\b/i;

/** Headers helmet sends for pages (the admin app) that mean nothing on a JSON answer. */
const PAGE_ONLY_HEADERS = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  // Superseded by the policy's frame-ancestors in every browser that still matters.
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** The headers a helmet middleware sets, lower-cased, in its order. */
function headersOf(middleware: ReturnType<typeof helmet>): [string, string][] {
  const headers: [string, string][] = [];
  const response = {
    setHeader: (name: string, value: unknown) => headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => undefined,
  };
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** Nothing may run or load in the context of an API answer, and no page may frame one. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers (helmet) and CORS. The admin app is served from the API's own origin; other
 * browser origins get CORS only when configured (`CORS_ORIGINS`, with credentials) or, for the
 * portal routes under /api/v1/public, for any origin without credentials — whether a key may be
 * used from that origin is decided with the key (its allowed origins).
 */
export const securityPlugin = fp<{ corsOrigins: string[]; tileUrl?: string | null }>(
  async (app, { corsOrigins, tileUrl }) => {
    // helmet's headers, computed once (no directive here depends on the request): for pages,
    // every one of them; for JSON of the API, which is never rendered as a page (nosniff), only
    // HSTS, nosniff, the resource policy and a CSP that allows nothing, set directly on the
    // answer instead of set and removed again (the others only cost every portal request half a
    // kilobyte, and the setting and removing a tenth of its time).
    const pageHeaders = headersOf(
      helmet({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            // The admin map's tiles come from the configured tile server.
            imgSrc: ["'self'", 'data:', ...tileSource(tileUrl)],
            connectSrc: ["'self'"],
            frameAncestors: ["'none'"],
            formAction: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
          },
        },
        // Other sites may not load our resources; the public badge sets its own, open policy.
        crossOriginResourcePolicy: { policy: 'same-site' },
      }),
    );
    const apiJsonHeaders = [
      ...pageHeaders.filter(([name]) => !PAGE_ONLY_HEADERS.includes(name) && name !== 'content-security-policy'),
      ['content-security-policy', API_CSP] as const,
    ];
    // Set on the response itself, as helmet does: a header the route sets (reply.header) wins.
    const setAll = (reply: FastifyReply, headers: readonly (readonly [string, string])[]) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
    };
    // Outside the API, before anything else (a hook may answer early); under /api once the
    // answer's type is known.
    app.addHook('onRequest', (request, reply, done) => {
      if (!request.url.startsWith('/api/')) setAll(reply, pageHeaders);
      done();
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.url.startsWith('/api/'))
        setAll(reply, JSON_TYPE.test(String(reply.getHeader('content-type') ?? '')) ? apiJsonHeaders : pageHeaders);
      done(null, payload);
    });

    const withCredentials = { origin: true, credentials: true, exposedHeaders: ['etag', 'x-request-id', 'location', 'retry-after'] };
    const forPortals = {
      origin: true,
      credentials: false,
      // The rate limit's headers too, so that a portal's script can pace itself.
      exposedHeaders: [
        'etag',
        'x-request-id',
        'retry-after',
        'idempotent-replayed',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
      allowedHeaders: ['authorization', 'content-type', 'if-none-match', 'accept-language', 'idempotency-key', 'x-status-token'],
    };
    const closed = { origin: false };

    await app.register(fastifyCors, {
      delegator: (request, callback) => {
        const origin = request.headers.origin?.toLowerCase();
        const path = request.url ?? '';
        if (origin && corsOrigins.includes(origin)) callback(null, withCredentials);
        else if (path.startsWith('/api/v1/public/')) callback(null, forPortals);
        else callback(null, closed);
      },
    });
  },
  { name: 'security' },
);
