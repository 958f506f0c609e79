import fastifyCors from '@fastify/cors';
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
    // helmet's middleware, built once: @fastify/helmet builds it anew for every request (route
    // options), which cost a third of a small request's time; no route here has its own options.
    const securityHeaders = helmet({
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
    });
    app.addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
    );
    // JSON of the API is never rendered as a page (nosniff): the headers that govern pages only
    // cost every portal request half a kilobyte. HSTS, nosniff and the resource policy stay.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/api/') && JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''))) {
        for (const name of PAGE_ONLY_HEADERS) reply.raw.removeHeader(name);
        reply.raw.setHeader('content-security-policy', API_CSP);
      }
      return payload;
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
