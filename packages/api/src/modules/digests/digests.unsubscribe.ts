import { randomBytes } from 'node:crypto';
import { escapeMarkup as esc, type Locale } from '@euregionet/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { languagesOf } from '../public/languages.js';
import { createDigestService } from './digests.service.js';

/**
 * The one-click unsubscribe of the digest at `/digest/unsubscribe/{token}`, outside `/api` and
 * without a login: the token is the credential, and is kept out of the logs. Opening the link
 * shows a page with one button (a link checker that opens it unsubscribes no one); the button,
 * and a mail program's RFC 8058 one-click request (`List-Unsubscribe=One-Click`), post to the
 * same address, which unsubscribes at once. The page speaks the person's language.
 */

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const FORM_BODY_LIMIT = 1024;

const TEXT = {
  de: {
    title: 'EuRegioNet-Newsletter abbestellen',
    ask: 'Möchten Sie den EuRegioNet-Newsletter nicht mehr erhalten?',
    button: 'Abbestellen',
    done: 'Sie sind abgemeldet und erhalten keinen EuRegioNet-Newsletter mehr.',
    again: 'Wenn Sie ihn wieder erhalten möchten, wenden Sie sich bitte an Ihre Ansprechperson bei EuRegioNet.',
    invalid: 'Dieser Link funktioniert nicht. Verwenden Sie bitte den Link aus einer unserer E-Mails.',
  },
  pl: {
    title: 'Rezygnacja z biuletynu EuRegioNet',
    ask: 'Czy nie chcesz już otrzymywać biuletynu EuRegioNet?',
    button: 'Rezygnuję',
    done: 'Zrezygnowano z subskrypcji. Nie będziesz już otrzymywać biuletynu EuRegioNet.',
    again: 'Jeśli zechcesz go znów otrzymywać, skontaktuj się ze swoją osobą kontaktową w EuRegioNet.',
    invalid: 'Ten link nie działa. Użyj linku z jednej z naszych wiadomości e-mail.',
  },
  en: {
    title: 'Unsubscribe from the EuRegioNet digest',
    ask: 'Would you like to stop receiving the EuRegioNet digest?',
    button: 'Unsubscribe',
    done: 'You are unsubscribed and will receive no more EuRegioNet digests.',
    again: 'Should you want it again, please ask your contact person at EuRegioNet.',
    invalid: 'This link does not work. Please use the link in one of our e-mails.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:#17212b;margin:0;background:#f5f7fa}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.5rem;margin:0 0 1rem}
.notice{padding:.75rem 1rem;border-radius:6px;background:#e8f5e9}.notice.error{background:#fdecea}
button{font:inherit;padding:.5rem 1.25rem;background:#123f6b;color:#fff;border:0;border-radius:4px;cursor:pointer}`;

function page(lang: Locale, nonce: string, content: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(TEXT[lang].title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main><h1>${esc(TEXT[lang].title)}</h1>${content}</main></body></html>`;
}

export const renderAsk = (lang: Locale, nonce: string, action: string) =>
  page(
    lang,
    nonce,
    `<p>${esc(TEXT[lang].ask)}</p><form method="post" action="${esc(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${esc(TEXT[lang].button)}</button></form>`,
  );
export const renderDone = (lang: Locale, nonce: string) =>
  page(lang, nonce, `<p class="notice" role="status" data-testid="done">${esc(TEXT[lang].done)}</p><p>${esc(TEXT[lang].again)}</p>`);
export const renderInvalid = (lang: Locale, nonce: string) =>
  page(lang, nonce, `<p class="notice error" role="status">${esc(TEXT[lang].invalid)}</p>`);

const csp = (nonce: string) =>
  `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;

export const digestUnsubscribeRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const digests = createDigestService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // RFC 8058 allows multipart/form-data too; the body carries nothing we need.
  app.addContentTypeParser('multipart/form-data', { bodyLimit: FORM_BODY_LIMIT }, (_req, _payload, done) => done(null, {}));

  // The app's limiter lets everything outside /api through (allowList): this limit says otherwise.
  const perAddress = app.createRateLimit({
    allowList: () => false,
    max: 60,
    timeWindow: 60_000,
    keyGenerator: (request) => `digest-unsubscribe:${request.ip}`,
  });
  const tokenless = {
    req: (request: { method: string; id: string }) => ({ method: request.method, url: '/digest/unsubscribe/…', id: request.id }),
  };
  const browserLanguage = (request: FastifyRequest): Locale => languagesOf(request)[0] ?? 'en';

  function send(reply: FastifyReply, status: number, nonce: string, html: string) {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', csp(nonce))
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(html);
  }

  const limited = async (request: FastifyRequest, reply: FastifyReply) => {
    const limit = await perAddress(request);
    if (!limit.isAllowed && limit.isExceeded) {
      void reply.header('retry-after', String(limit.ttlInSeconds));
      const nonce = randomBytes(16).toString('base64');
      return send(reply, 429, nonce, renderInvalid(browserLanguage(request), nonce));
    }
  };

  app.get('/digest/unsubscribe/:token', {
    config: { access: { public: true } },
    logSerializers: tokenless,
    schema: { hide: true },
    preHandler: limited,
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      const nonce = randomBytes(16).toString('base64');
      const found = TOKEN.test(token) ? await digests.ofLink(token) : undefined;
      if (!found) return send(reply, 404, nonce, renderInvalid(browserLanguage(request), nonce));
      if (!found.enabled) return send(reply, 200, nonce, renderDone(found.language, nonce));
      return send(reply, 200, nonce, renderAsk(found.language, nonce, `/digest/unsubscribe/${token}`));
    },
  });

  app.post('/digest/unsubscribe/:token', {
    config: { access: { public: true } },
    logSerializers: tokenless,
    bodyLimit: FORM_BODY_LIMIT,
    schema: { hide: true },
    preHandler: limited,
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      const nonce = randomBytes(16).toString('base64');
      const done = TOKEN.test(token) ? await digests.unsubscribe(token) : undefined;
      if (!done) return send(reply, 404, nonce, renderInvalid(browserLanguage(request), nonce));
      return send(reply, 200, nonce, renderDone(done.language, nonce));
    },
  });
};
