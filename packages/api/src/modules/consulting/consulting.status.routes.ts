import { createHash, randomBytes } from 'node:crypto';
import multipart from '@fastify/multipart';
import { CONSULTING_LIMITS, ConsultingRequesterReplySchema, type Locale } from '@euregionet/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { languagesOf } from '../public/languages.js';
import { contentDisposition, type UploadedFile } from '../files/files.service.js';
import { consultingOptions, createConsultingService, type ConsultingOptions } from './consulting.service.js';
import { renderInvalidLink, renderStatusPage, statusPageCsp, type StatusPageNotice } from './consulting.status-page.js';

/** A form with 5,000 characters, each up to 9 bytes once percent-encoded. */
const FORM_BODY_LIMIT = 48 * 1024;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why an answer with files was not taken, as the page says it. */
type Refusal = 'fileType' | 'fileTooLarge' | 'tooManyFiles' | 'malformed';

/**
 * The requester's status page at `/status/{token}`, outside `/api` and without a staff login:
 * the token in the path is the only credential. A copy of it in a log is a key to the page, so
 * the paths are logged without it.
 *
 * The answer form posts back to the same path. That the token is in the path is what stops a
 * forged post from another site (the other site does not know it); on top, a post whose
 * `Origin` or `Sec-Fetch-Site` says it came from another site is refused.
 */
export const statusPageRoutes: FastifyPluginAsync<{
  config: Config;
  files: NonNullable<ConsultingOptions['files']>;
  maxBytes: number;
}> = async (app, { config, files, maxBytes }) => {
  const consulting = createConsultingService(app.db, consultingOptions(config, app.clock, files));
  // An answer with files is multipart; one more file part than allowed is refused as such.
  await app.register(multipart, {
    limits: {
      fileSize: maxBytes,
      files: CONSULTING_LIMITS.requesterFiles + 1,
      fields: 3,
      fieldSize: FORM_BODY_LIMIT,
      parts: CONSULTING_LIMITS.requesterFiles + 4,
      headerPairs: 100,
    },
  });

  /** The text of an answer without files (a urlencoded form). */
  const formAnswer = (body: unknown): { text: string; uploads: UploadedFile[] } => {
    const raw = (body as { body?: unknown } | undefined)?.body;
    return { text: typeof raw === 'string' ? raw : '', uploads: [] };
  };

  /**
   * The text and files of a multipart answer. An empty file input still sends a part without a
   * name and content: that is no file.
   */
  async function multipartAnswer(request: FastifyRequest): Promise<{ text: string; uploads: UploadedFile[] } | Refusal> {
    let text = '';
    const uploads: UploadedFile[] = [];
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'body' && typeof part.value === 'string') text = part.value;
          continue;
        }
        const content = await part.toBuffer();
        if (part.fieldname !== 'files' || (!part.filename && content.length === 0)) continue;
        uploads.push({ name: part.filename || 'file', content });
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') return 'fileTooLarge';
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') return 'tooManyFiles';
      return 'malformed';
    }
    if (uploads.length > CONSULTING_LIMITS.requesterFiles) return 'tooManyFiles';
    return { text, uploads };
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // The app's limiter lets everything outside /api through (allowList): these limits say otherwise.
  const perToken = app.createRateLimit({
    allowList: () => false,
    max: config.consulting.statusRepliesPerHour,
    timeWindow: 3_600_000,
    keyGenerator: (request) =>
      `status-reply:${createHash('sha256')
        .update(String((request.params as { token: string }).token))
        .digest('hex')}`,
  });
  // Page views per address: the pages are outside the API's own limit.
  const perAddress = app.createRateLimit({
    allowList: () => false,
    max: 120,
    timeWindow: 60_000,
    keyGenerator: (request) => `status-page:${request.ip}`,
  });

  const tokenless = {
    req: (request: { method: string; id: string }) => ({ method: request.method, url: '/status/…', id: request.id }),
  };

  function send(reply: FastifyReply, status: number, nonce: string, html: string) {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', statusPageCsp(nonce))
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(html);
  }

  const browserLanguage = (request: FastifyRequest): Locale => languagesOf(request)[0] ?? 'en';

  async function show(request: FastifyRequest, reply: FastifyReply, status: number, notice?: StatusPageNotice, draft?: string) {
    const { token } = request.params as { token: string };
    const nonce = randomBytes(16).toString('base64');
    if (!TOKEN.test(token)) return send(reply, 404, nonce, renderInvalidLink(browserLanguage(request), nonce));
    try {
      const view = await consulting.status(token);
      return send(reply, status, nonce, renderStatusPage(view, { nonce, action: `/status/${token}`, notice, draft }));
    } catch (err) {
      if (err instanceof AppError && err.code === 'STATUS_LINK_INVALID')
        return send(reply, 404, nonce, renderInvalidLink(browserLanguage(request), nonce));
      throw err;
    }
  }

  /**
   * A post made by another site's page. Browsers say so in `Sec-Fetch-Site`; those that do not
   * send a real `Origin` with the referrer policy of the page (`same-origin`). A missing or
   * `null` origin alone is not refused: the token in the path is what protects the form.
   */
  function fromElsewhere(request: FastifyRequest): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none') return true;
    const origin = request.headers.origin?.toLowerCase();
    if (!origin || origin === 'null') return false;
    return origin !== `${request.protocol}://${request.host}`.toLowerCase() && origin !== config.publicBaseUrl.toLowerCase();
  }

  app.get('/status/:token', {
    config: { access: { public: true } },
    logSerializers: tokenless,
    schema: { hide: true },
    preHandler: async (request, reply) => {
      const limit = await perAddress(request);
      if (!limit.isAllowed && limit.isExceeded) {
        const nonce = randomBytes(16).toString('base64');
        return send(
          reply.header('retry-after', String(limit.ttlInSeconds)),
          429,
          nonce,
          renderInvalidLink(browserLanguage(request), nonce, 'tooMany'),
        );
      }
    },
    handler: async (request, reply) => {
      const sent = (request.query as { sent?: string }).sent === '1';
      return show(request, reply, 200, sent ? 'sent' : undefined);
    },
  });

  app.get('/status/:token/files/:fileId', {
    config: { access: { public: true } },
    logSerializers: tokenless,
    schema: { hide: true },
    preHandler: async (request, reply) => {
      const limit = await perAddress(request);
      if (!limit.isAllowed && limit.isExceeded) return reply.status(429).header('retry-after', String(limit.ttlInSeconds)).send();
    },
    handler: async (request, reply) => {
      const { token, fileId } = request.params as { token: string; fileId: string };
      if (!TOKEN.test(token) || !FILE_ID.test(fileId)) return show(request, reply, 404);
      let file;
      try {
        file = await consulting.requesterFile(token, fileId);
      } catch (err) {
        if (err instanceof AppError && (err.code === 'STATUS_LINK_INVALID' || err.code === 'FILE_NOT_FOUND')) {
          return show(request, reply, 404);
        }
        throw err;
      }
      return reply
        .type(file.mediaType)
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(file.bytes);
    },
  });

  app.post('/status/:token', {
    config: { access: { public: true } },
    logSerializers: tokenless,
    bodyLimit: FORM_BODY_LIMIT,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      if (!TOKEN.test(token)) return show(request, reply, 404);
      if (fromElsewhere(request)) return show(request, reply, 403, 'foreign');
      const limit = await perToken(request);
      if (!limit.isAllowed && limit.isExceeded) {
        void reply.header('retry-after', String(limit.ttlInSeconds));
        return show(request, reply, 429, 'tooMany');
      }
      const answer = request.isMultipart() ? await multipartAnswer(request) : formAnswer(request.body);
      if (typeof answer === 'string') return show(request, reply, answer === 'malformed' ? 400 : 413, answer);
      const { text, uploads } = answer;
      const parsed = ConsultingRequesterReplySchema.safeParse({ body: text });
      if (!parsed.success) return show(request, reply, 400, text.trim() ? 'tooLong' : 'empty', text);
      try {
        // The requester's address stays out of the audit trail, which an erasure could not clean.
        await consulting.requesterReply({ actor: null, requestId: String(request.id), ip: '' }, token, parsed.data, uploads);
      } catch (err) {
        if (err instanceof AppError && err.code === 'REQUEST_CLOSED') return show(request, reply, 409, 'closed');
        if (err instanceof AppError && err.code === 'STATUS_LINK_INVALID') return show(request, reply, 404);
        if (err instanceof AppError && err.code === 'FILE_TYPE_NOT_ALLOWED') return show(request, reply, 415, 'fileType', text);
        if (err instanceof AppError && err.code === 'TOO_MANY_FILES') return show(request, reply, 413, 'tooManyFiles', text);
        if (err instanceof AppError && err.code === 'REQUEST_FILES_LIMIT') return show(request, reply, 409, 'filesLimit', text);
        throw err;
      }
      // Post, redirect, get: a reload does not send the answer twice.
      return reply.status(303).header('location', `/status/${token}?sent=1`).header('referrer-policy', 'same-origin').send();
    },
  });
};

/**
 * The deadline worker: reminders, escalations and closing of long-waiting requests, on the
 * app's clock, every `CONSULTING_DEADLINE_INTERVAL_MS` (0: off, as in tests, which run rounds
 * themselves).
 */
export const consultingDeadlinesWorker: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const interval = config.consulting.deadlineIntervalMs;
  if (!interval) return;
  const consulting = createConsultingService(app.db, consultingOptions(config, app.clock));
  runPeriodically(app, {
    name: 'consulting deadlines',
    intervalMs: interval,
    firstAfterMs: 1000,
    round: async () => {
      const r = await consulting.runDeadlines();
      if (r.reminded || r.escalated || r.closed) app.log.info(r, 'consulting deadlines');
    },
  });
};
