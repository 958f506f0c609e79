import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Seconds a shared cache may go on serving a portal answer past its max-age while it asks the API
 * again in the background. Published data changes a few times a year; five minutes of an older
 * answer, only while a fresh one is on its way, is what lets a CDN absorb bursts of reads.
 */
export const STALE_WHILE_REVALIDATE = 300;

/**
 * Cache-Control of a portal read that is the same for every key: `public`, because a shared
 * cache may otherwise not keep an answer to a request with an Authorization header (RFC 9111
 * §3.5). The answer still varies by key (`Vary: Authorization`, see `portalReads`).
 */
export const sharedCacheControl = (maxAge: number) => `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}`;

/** A strong validator of a response body: the same bytes, the same ETag, whoever asks. */
export function etagOfBody(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether `If-None-Match` names this ETag (weak comparison, lists and `*`, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/** Adds values to the Vary header without losing those already there (e.g. Origin from CORS). */
export function addVary(reply: FastifyReply, ...names: string[]) {
  const current = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const all = [...current];
  for (const name of names) if (!all.some((v) => v.toLowerCase() === name.toLowerCase())) all.push(name);
  void reply.header('vary', all.join(', '));
}

/**
 * An onSend hook for read-only endpoints that clients may cache: every successful answer gets
 * an ETag and the given Cache-Control, and a request whose If-None-Match names that ETag gets 304
 * without a body. Errors are never cached. The ETag is the one the handler set (answers from
 * stored documents carry one made from their stored ETags), else a hash of the body.
 */
export function conditionalGet(cacheControl: (request: FastifyRequest) => string) {
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    if (reply.statusCode !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) {
      if (reply.statusCode >= 400) void reply.header('cache-control', 'no-store');
      return done(null, payload);
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const etag = (reply.getHeader('etag') as string | undefined) ?? etagOfBody(payload);
    void reply.header('etag', etag).header('cache-control', cacheControl(request));
    if (noneMatch(request.headers['if-none-match'], etag)) {
      void reply.code(304).removeHeader('content-type').removeHeader('content-length');
      return done(null, '');
    }
    done(null, payload);
  };
}
