import { escapeMarkup as esc, type Locale } from '@euregionet/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { browserLanguage, htmlPage, secretLinkRoutes, sendPage } from '../../html-page.js';
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

function page(lang: Locale, nonce: string, content: string): string {
  const title = TEXT[lang].title;
  return htmlPage({ lang, nonce, title, width: '36rem' }, `<h1>${esc(title)}</h1>${content}`);
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

export const digestUnsubscribeRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const digests = createDigestService(app.db, { clock: app.clock, publicBaseUrl: config.publicBaseUrl });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // RFC 8058 allows multipart/form-data too; the body carries nothing we need.
  app.addContentTypeParser('multipart/form-data', { bodyLimit: FORM_BODY_LIMIT }, (_req, _payload, done) => done(null, {}));

  // The page's one form posts back here.
  const send = (reply: FastifyReply, status: number, lang: Locale, render: (nonce: string) => string) =>
    sendPage(reply, { status, lang, render, forms: true });

  const invalid = (request: FastifyRequest, reply: FastifyReply, status = 404) => {
    const lang = browserLanguage(request);
    return send(reply, status, lang, (nonce) => renderInvalid(lang, nonce));
  };
  const link = secretLinkRoutes(app, {
    path: '/digest/unsubscribe/…',
    key: 'digest-unsubscribe',
    max: 60,
    refused: (request, reply) => invalid(request, reply, 429),
  });

  app.get('/digest/unsubscribe/:token', {
    config: { access: { public: true } },
    ...link,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      const found = TOKEN.test(token) ? await digests.ofLink(token) : undefined;
      if (!found) return invalid(request, reply);
      const lang = found.language;
      if (!found.enabled) return send(reply, 200, lang, (nonce) => renderDone(lang, nonce));
      return send(reply, 200, lang, (nonce) => renderAsk(lang, nonce, `/digest/unsubscribe/${token}`));
    },
  });

  app.post('/digest/unsubscribe/:token', {
    config: { access: { public: true } },
    ...link,
    bodyLimit: FORM_BODY_LIMIT,
    schema: { hide: true },
    handler: async (request, reply) => {
      const { token } = request.params as { token: string };
      const done = TOKEN.test(token) ? await digests.unsubscribe(token) : undefined;
      if (!done) return invalid(request, reply);
      return send(reply, 200, done.language, (nonce) => renderDone(done.language, nonce));
    },
  });
};
