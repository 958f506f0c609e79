import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_TAGS = [
  { name: 'clusters', description: 'Clusters and networks of the programme area' },
  { name: 'health', description: 'Liveness and readiness for orchestrators' },
];

/**
 * The OpenAPI 3.1 document, generated from the routes' zod schemas; shapes registered with an
 * id in `@euregionet/shared` appear as named components. Routes without tags stay out of it.
 */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'EuRegioNet API',
          version: '1.0.0',
          description:
            'Information, consulting and support platform for networks and clusters in the INTERREG V A Brandenburg–Polska area. Every error is `application/problem+json` with a stable `code`.',
        },
        tags: API_TAGS,
      },
      transform: (input) => {
        const out = jsonSchemaTransform(input);
        const tags = (input.schema as { tags?: string[] } | undefined)?.tags;
        return tags?.length ? out : { ...out, schema: { ...out.schema, hide: true } };
      },
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
