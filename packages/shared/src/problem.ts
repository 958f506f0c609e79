import { z } from 'zod';
import { boundedArray, boundedText, ErrorCodeTextSchema, int32, NameTextSchema, UrlTextSchema } from './common.js';

/**
 * Stable machine-readable error codes that any route may answer. Features add their own
 * (`CLUSTER_ERROR_CODES`, …) and `error-codes.ts` collects them all. The admin app translates
 * `errors.<CODE>`; clients may branch on them. Add codes, never rename one.
 */
export const COMMON_ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
  'PAYLOAD_TOO_LARGE',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'NOT_FOUND',
  'CONFLICT',
  'REFERENCE_NOT_FOUND',
  'PRECONDITION_REQUIRED',
  'PRECONDITION_FAILED',
  'RATE_LIMITED',
  'DATABASE_UNAVAILABLE',
  'QUERY_TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;
/**
 * How much of a failure a problem tells: the first field errors of a body with very many, and
 * texts cut to these lengths (a path or a message may quote what the client sent). The error
 * handler cuts to them, so that an answer about a wrong request stays small.
 */
export const PROBLEM_LIMITS = { errors: 100, existing: 20, pointer: 500, message: 1000, detail: 2000, instance: 2000 } as const;

export const FieldErrorSchema = z
  .object({
    pointer: boundedText(PROBLEM_LIMITS.pointer).describe('JSON pointer to the field, e.g. `/body/name/de` or `/query/limit`'),
    code: ErrorCodeTextSchema.describe('Machine-readable reason, e.g. `too_small`, `invalid_type`'),
    message: boundedText(PROBLEM_LIMITS.message),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ExistingRecordSchema = z
  .object({
    id: boundedText(64),
    name: NameTextSchema,
    reason: ErrorCodeTextSchema.describe('What the records share, e.g. `nip`, `krs`, `commercialRegister`, `similarName`'),
    href: UrlTextSchema.describe('Where the existing record can be read'),
  })
  .meta({ id: 'ExistingRecord' });
export type ExistingRecord = z.infer<typeof ExistingRecordSchema>;

/** RFC 9457 problem details, with a stable `code`. Sent as `application/problem+json`. */
export const ProblemSchema = z
  .object({
    type: UrlTextSchema,
    title: boundedText(100),
    status: int32(100, 599),
    code: ErrorCodeTextSchema.describe('Stable error code (see ErrorCode)'),
    detail: boundedText(PROBLEM_LIMITS.detail).optional(),
    instance: boundedText(PROBLEM_LIMITS.instance).optional(),
    requestId: boundedText(64).optional(),
    errors: boundedArray(FieldErrorSchema, PROBLEM_LIMITS.errors).optional().describe(`The first ${PROBLEM_LIMITS.errors} field errors`),
    existing: boundedArray(ExistingRecordSchema, PROBLEM_LIMITS.existing)
      .optional()
      .describe('With a 409: the existing records the request collides with'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
