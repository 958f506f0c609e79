import { randomBytes } from 'node:crypto';
import { escapeMarkup, type Locale } from '@euregionet/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languagesOf } from './modules/public/languages.js';

/**
 * The frame of every page the API renders itself (the digest's unsubscribe page, the results
 * page of an evaluation, the brand's verification page, a requester's status page): plain HTML
 * in one language, no script, one style block allowed by a nonce of its own. A page writes only
 * what is inside `<main>`, escaped through `escapeMarkup`; the document, the shared styles and the
 * headers that keep the page out of caches, frames and search engines are here once.
 */

/** What every page looks like; a page adds rules of its own after these. */
const BASE_STYLE = `body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:#17212b;margin:0;background:#f5f7fa}
main{margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}a{color:#123f6b}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;background:#fff;padding:1rem;border-radius:6px}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.notice{padding:.75rem 1rem;border-radius:6px;background:#e8f5e9}.notice.error{background:#fdecea}.hint{color:#52606d;font-size:.875rem}
button{font:inherit;padding:.5rem 1.25rem;background:#123f6b;color:#fff;border:0;border-radius:4px;cursor:pointer}`;

export interface PageFrame {
  lang: Locale;
  /** The nonce `sendPage` hands to the page's render and puts into the policy. */
  nonce: string;
  /** The document's title, unescaped. */
  title: string;
  /** The width of the column the content stands in, e.g. `36rem`. */
  width: string;
  /** The page's own rules, after the shared ones. */
  style?: string;
  /** Pages behind a secret link stay out of search engines; a public page may be found. */
  indexable?: boolean;
}

/** The whole document around `main`, the inner HTML of `<main>` (already escaped by the page). */
export function htmlPage(frame: PageFrame, main: string): string {
  const robots = frame.indexable ? '' : '<meta name="robots" content="noindex">';
  return `<!doctype html><html lang="${frame.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${robots}<title>${escapeMarkup(frame.title)}</title><style nonce="${frame.nonce}">${BASE_STYLE}
main{max-width:${frame.width}}${frame.style ?? ''}</style></head>
<body><main>${main}</main></body></html>`;
}

export interface PagePolicy {
  /** The page has a form that posts back to this server; otherwise no form may be sent. */
  forms?: boolean;
  /** The page shows images from this server (the brand's badge). */
  images?: boolean;
}

/** Nothing but the page's own style block (and what `policy` allows): no script, no frame. */
export function pageCsp(nonce: string, policy: PagePolicy = {}): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    ...(policy.images ? ["img-src 'self'"] : []),
    `form-action ${policy.forms ? "'self'" : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export interface PageAnswer extends PagePolicy {
  status: number;
  lang: Locale;
  /** Renders the page with the nonce of this answer's policy. */
  render: (nonce: string) => string;
  /**
   * `no-referrer` keeps a token in the address from reaching other sites; a page whose form checks
   * where a post came from needs `same-origin`.
   */
  referrer?: 'no-referrer' | 'same-origin';
  indexable?: boolean;
}

/** Sends a rendered page with its policy; never cached, since most carry a secret link's view. */
export function sendPage(reply: FastifyReply, answer: PageAnswer) {
  const nonce = randomBytes(16).toString('base64');
  void reply
    .status(answer.status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-language', answer.lang)
    .header('content-security-policy', pageCsp(nonce, answer))
    .header('referrer-policy', answer.referrer ?? 'no-referrer')
    .header('cache-control', 'no-store');
  if (!answer.indexable) void reply.header('x-robots-tag', 'noindex');
  return reply.send(answer.render(nonce));
}

/**
 * What every page behind a secret link in its path needs on its routes: the path is logged
 * without the token (`path` stands in for it), and since the app's limiter lets everything
 * outside /api through, guessing tokens is slowed here, per address; `refused` answers the
 * address that asked too often (a page, in the browser's language).
 */
export function secretLinkRoutes(
  app: FastifyInstance,
  o: { path: string; key: string; max: number; refused: (request: FastifyRequest, reply: FastifyReply) => unknown },
) {
  const perAddress = app.createRateLimit({
    allowList: () => false,
    max: o.max,
    timeWindow: 60_000,
    keyGenerator: (request) => `${o.key}:${request.ip}`,
  });
  return {
    logSerializers: {
      req: (request: { method: string; id: string }) => ({ method: request.method, url: o.path, id: request.id }),
    },
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      const limit = await perAddress(request);
      if (!limit.isAllowed && limit.isExceeded) {
        void reply.header('retry-after', String(limit.ttlInSeconds));
        return o.refused(request, reply);
      }
    },
  };
}

/** The language to say "this link does not work" in, when the link names no person. */
export const browserLanguage = (request: FastifyRequest): Locale => languagesOf(request)[0] ?? 'en';
