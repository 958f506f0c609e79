import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { LRUCache } from 'lru-cache';
import { withStorableText } from '@euregionet/shared';
import type { z } from 'zod';

/**
 * The zod validator of every route, with one rule that every text input shares: no character
 * that PostgreSQL cannot store (NUL, an unpaired surrogate), in body, query, path or headers,
 * values and keys alike. Such a text is a 400 naming its field instead of a failed query; one
 * place, so that no route's schema can forget it.
 *
 * The query strings of the portals' reads are few and repeat on every page view: their valid
 * results are kept, by route and query, so that zod checks each once (`rememberValid`). The
 * results are frozen: a handler that changed one would change it for every later request.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, ...route }) => {
  const validate = zodValidatorCompiler({ ...route, schema: withStorableText(schema) });
  return route.httpPart === 'querystring' && route.method === 'GET' && route.url.startsWith('/api/v1/public/')
    ? rememberValid(validate)
    : validate;
};

/** How many valid query strings one route keeps: the portals' usual pages and filters, many times over. */
const REMEMBERED_PER_ROUTE = 1000;

type Validate = ReturnType<FastifySchemaCompiler<z.ZodType>>;

function rememberValid(validate: Validate): Validate {
  const valid = new LRUCache<string, { value: unknown }>({ max: REMEMBERED_PER_ROUTE });
  return (data: unknown) => {
    const key = JSON.stringify(data);
    const known = valid.get(key);
    if (known) return known;
    const result = validate(data);
    // Refusals are not kept: each is answered by zod again, with its own messages.
    if (typeof result === 'object' && !('then' in result) && result.error === undefined)
      valid.set(key, { value: deepFreeze(result.value) });
    return result;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
