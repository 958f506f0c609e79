import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/**
 * Security headers (helmet) and CORS. The admin app is served from the API's own origin; other
 * browser origins get CORS only when configured (`CORS_ORIGINS`, with credentials) or, for the
 * portal routes under /api/v1/public, for any origin without credentials — whether a key may be
 * used from that origin is decided with the key (its allowed origins).
 */
export const securityPlugin = fp<{ corsOrigins: string[] }>(
  async (app, { corsOrigins }) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      // The public badge is meant to be embedded by other sites.
      crossOriginResourcePolicy: { policy: 'same-site' },
    });

    await app.register(fastifyCors, {
      delegator: (request, callback) => {
        const origin = request.headers.origin?.toLowerCase();
        const path = request.url ?? '';
        if (origin && corsOrigins.includes(origin)) {
          callback(null, { origin: true, credentials: true, exposedHeaders: ['etag', 'x-request-id', 'location', 'retry-after'] });
        } else if (path.startsWith('/api/v1/public/')) {
          callback(null, {
            origin: true,
            credentials: false,
            exposedHeaders: ['etag', 'x-request-id', 'retry-after', 'idempotent-replayed'],
            allowedHeaders: ['authorization', 'content-type', 'if-none-match', 'accept-language', 'idempotency-key'],
          });
        } else {
          callback(null, { origin: false });
        }
      },
    });
  },
  { name: 'security' },
);
