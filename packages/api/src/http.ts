import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@euregionet/shared';
import { z } from 'zod';
import { AppError } from './errors.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (`VALIDATION_FAILED` lists each field)',
  401: 'Not signed in, or the credentials are not valid',
  403: 'Signed in, but not allowed to do this',
  404: 'No such record',
  409: 'Conflicts with an existing record',
  412: 'The record changed since it was read (stale `If-Match`)',
  413: 'The request body is too large',
  415: 'The request body has an unsupported content type',
  422: 'The request is well-formed but cannot be processed',
  428: 'This change needs an `If-Match` header with the ETag of the record',
  429: 'Too many requests; retry after the time in `Retry-After`',
  500: 'Unexpected server error',
  503: 'The database is unreachable or a query timed out; retry after `Retry-After`',
};

function problem(status: number) {
  return {
    description: DESCRIPTIONS[status] ?? 'Error',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
  };
}

/** Error statuses every operation can answer. */
export const ALWAYS = [400, 500, 503] as const;
/** …and every operation under /api: credentials, access, rate limits. */
export const API_ALWAYS = [401, 403, 429] as const;

/**
 * Response schemas for an operation's error statuses, in problem+json. Every route spreads this
 * into its `response` so the OpenAPI document lists what can go wrong.
 */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries([...new Set([...ALWAYS, ...statuses])].sort().map((s) => [s, problem(s)]));
}

/** `problemResponses` for a route under /api. */
export function apiErrors(...statuses: number[]) {
  return problemResponses(...API_ALWAYS, ...statuses);
}

/** Optimistic concurrency: the ETag of a record version, and the check of `If-Match`. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The version a client says it has read; 428 without `If-Match`, 412 when it names no version
 * of ours (the repository then checks it against the current version).
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (!header) {
    throw new AppError(
      428,
      'PRECONDITION_REQUIRED',
      'Send If-Match with the ETag from your last read, so that no change of someone else is overwritten',
    );
  }
  const match = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  if (!match) throw new AppError(412, 'PRECONDITION_FAILED', 'If-Match does not name a version of this record');
  return Number(match[1]);
}

export const IfMatchHeadersSchema = z.object({
  'if-match': z.string().max(100).optional().describe('ETag of the version the change is based on (required)'),
});

/** `If-Match` on a change that is also taken without it; when sent, a stale version is still refused (412). */
export const OptionalIfMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .max(100)
    .optional()
    .describe('ETag of the version the change is based on (optional: without it the change is made as it comes)'),
});

/** The scheme and host the client called us by (behind the proxy, as it forwarded them): the base of links we answer. */
export function baseUrlOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}
