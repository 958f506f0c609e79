import { z } from 'zod';
import { int32 } from './common.js';

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
export const FieldErrorSchema = z
  .object({
    pointer: z.string().describe('JSON pointer to the field, e.g. `/body/name/de` or `/query/limit`'),
    code: z.string().describe('Machine-readable reason, e.g. `too_small`, `invalid_type`'),
    message: z.string(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ExistingRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    reason: z.string().describe('What the records share, e.g. `nip`, `krs`, `commercialRegister`, `similarName`'),
    href: z.string().describe('Where the existing record can be read'),
  })
  .meta({ id: 'ExistingRecord' });
export type ExistingRecord = z.infer<typeof ExistingRecordSchema>;

/** RFC 9457 problem details, with a stable `code`. Sent as `application/problem+json`. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: int32(100, 599),
    code: z.string().describe('Stable error code (see ErrorCode)'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
    existing: z.array(ExistingRecordSchema).optional().describe('With a 409: the existing records the request collides with'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
