import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { withStorableText } from '@euregionet/shared';
import type { z } from 'zod';

/**
 * The zod validator of every route, with one rule that every text input shares: no character
 * that PostgreSQL cannot store (NUL, an unpaired surrogate), in body, query, path or headers,
 * values and keys alike. Such a text is a 400 naming its field instead of a failed query; one
 * place, so that no route's schema can forget it.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, ...route }) =>
  zodValidatorCompiler({ ...route, schema: withStorableText(schema) });
