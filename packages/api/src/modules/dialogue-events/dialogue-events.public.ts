import {
  escapeMarkup as esc,
  EventRegistrationIntakeSchema,
  EventRegistrationReceiptSchema,
  LocaleSchema,
  LOCALES,
  pickLocalized,
  PublicEventListQuerySchema,
  PublicEventPageSchema,
  PublicEventSchema,
  PublicLangQuerySchema,
  PublicSlugParamsSchema,
  type Locale,
} from '@euregionet/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../errors.js';
import { htmlPage, sendPage } from '../../html-page.js';
import { apiRoutes } from '../../api-route.js';
import { apiErrors, baseUrlOf } from '../../http.js';
import { contextOf } from '../auth/auth.plugin.js';
import { PORTALS } from '../auth/access.js';
import { publicIntake } from '../public/intake.js';
import { answerLanguage, languagesOf } from '../public/languages.js';
import { createDialogueEventService } from './dialogue-events.service.js';
import { sendDocument } from '../public/document-kinds.js';
import { todayOn } from '../../clock.js';
import { createEventDocuments } from './dialogue-events.documents.js';

/**
 * Events for portals, under /api/v1/public and its hooks (key check, CORS, ETags): published
 * events, localised, and registration with a key that has `registrations:create`.
 */
export const publicDialogueEventRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const events = createDialogueEventService(app.db, { clock: app.clock });
  // Portals cannot write what the reads read: the documents may be read from a read replica.
  const documents = createEventDocuments(app.db, { db: app.readDb, pool: app.database.readPool ?? app.database.pool });
  const today = todayOn(app.clock);
  const route = apiRoutes(['public']);
  const intake = publicIntake(app, { name: 'event-registration', perAddressPerHour: config.events.registrationsPerAddressPerHour });

  app.get('/events', {
    ...route({
      access: PORTALS,
      operationId: 'listPublicEvents',
      summary: 'Published events of the cluster dialogue that have not ended, soonest first',
      description: 'Localised by `?lang=` or `Accept-Language`; each text says the language it came in.',
      querystring: PublicEventListQuerySchema,
      response: { 200: PublicEventPageSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.list(request.query, order, baseUrlOf(request), today());
      // `updatedSince` (and an event without a document) reads the tables.
      if (answer !== undefined) return sendDocument(reply, answer);
      return events.publicList(request.query, order, baseUrlOf(request));
    },
  });

  app.get('/events/:slug', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicEvent',
      summary: 'A published event by its slug, with the places left',
      params: PublicSlugParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicEventSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.detail(request.params.slug, order, baseUrlOf(request), today());
      if (answer !== undefined) return sendDocument(reply, answer);
      return events.publicDetail(request.params.slug, order, baseUrlOf(request));
    },
  });

  app.post('/events/:slug/registrations', {
    ...intake,
    ...route({
      access: { roles: [], scopes: ['registrations:create'] },
      operationId: 'registerForPublicEvent',
      summary: 'Register a person for a published event (key scope registrations:create)',
      description:
        'Answers 201 with `confirmed`, or `waiting` with the place on the waiting list when the event is full. The registrant gets an e-mail in their language (with the event as an `.ics` file when confirmed) and a link to cancel. The same e-mail address again answers the registration as it stands (header `Idempotent-Replayed: true`). 409 REGISTRATION_CLOSED outside the registration window.',
      params: PublicSlugParamsSchema,
      body: EventRegistrationIntakeSchema,
      response: { 201: EventRegistrationReceiptSchema },
      errors: [409],
    }),
    handler: async (request, reply) => {
      const actor = request.actor!;
      if (actor.kind !== 'apiKey') throw new AppError(403, 'FORBIDDEN', 'Portals register with an API key');
      if (request.body.website?.trim()) request.log.info('event registration: honeypot field filled, registration discarded');
      // The client address may be the registrant's own: it stays out of the append-only audit trail.
      const result = await events.register(
        { ...contextOf(request), ip: '' },
        { slug: request.params.slug },
        request.body,
        { kind: 'portal', apiKeyId: actor.id },
        baseUrlOf(request),
      );
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(result.receipt);
    },
  });
};

const CANCEL_TEXT: Record<Locale, { ask: string; button: string; done: string }> = {
  de: {
    ask: 'Möchten Sie Ihre Anmeldung wirklich stornieren?',
    button: 'Anmeldung stornieren',
    done: 'Ihre Anmeldung ist storniert.',
  },
  pl: {
    ask: 'Czy na pewno chcesz anulować rejestrację?',
    button: 'Anuluj rejestrację',
    done: 'Twoja rejestracja została anulowana.',
  },
  en: {
    ask: 'Do you really want to cancel your registration?',
    button: 'Cancel registration',
    done: 'Your registration is cancelled.',
  },
};

/**
 * A page behind a registrant's or an invited person's link: one heading on the shared frame, and
 * at most a form that posts back here (the cancel button, the registration form).
 */
export const sendLinkPage = (reply: FastifyReply, lang: Locale, heading: string, body: string) =>
  sendPage(reply, {
    status: 200,
    lang,
    forms: true,
    render: (nonce) => htmlPage({ lang, nonce, title: heading, width: '42rem' }, `<h1>${esc(heading)}</h1>${body}`),
  });

const CancelQuerySchema = z.strictObject({
  token: z
    .string()
    .max(64)
    .regex(/^[\w-]{20,64}$/),
  lang: LocaleSchema.optional(),
});
const HtmlSchema = { description: 'A small page for the registrant', content: { 'text/html': { schema: z.string().max(200_000) } } };

/**
 * The cancellation link of the e-mails: no key, no account, the token is the proof. Opening it
 * only asks (mail scanners open links); the button cancels.
 */
export const eventLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const events = createDialogueEventService(app.db, { clock: app.clock });
  const tags = ['events'];
  // The button posts an HTML form: its (empty) body needs no parsing, the token is in the address.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) =>
    done(null, {}),
  );

  app.get('/public/event-registrations/cancel', {
    config: { access: { public: true } },
    schema: {
      operationId: 'showEventRegistrationCancellation',
      summary: 'The page behind the cancellation link of a registration e-mail: asks before cancelling',
      tags,
      querystring: CancelQuerySchema,
      response: { 200: HtmlSchema, ...apiErrors() },
    },
    handler: async (request, reply) => {
      const lang = request.query.lang ?? languagesOf(request)[0]!;
      const t = CANCEL_TEXT[lang];
      const form = `<p>${esc(t.ask)}</p><form method="post" action="cancel?token=${encodeURIComponent(request.query.token)}&amp;lang=${lang}"><button type="submit">${esc(t.button)}</button></form>`;
      return sendLinkPage(reply, lang, t.button, form);
    },
  });

  app.post('/public/event-registrations/cancel', {
    config: { access: { public: true } },
    schema: {
      operationId: 'cancelEventRegistrationByLink',
      summary: 'Cancel a registration with the token of its e-mail link; the waiting list moves up',
      tags,
      querystring: CancelQuerySchema,
      response: { 200: HtmlSchema, ...apiErrors(404, 413, 415) },
    },
    handler: async (request, reply) => {
      const result = await events.cancelByToken({ ...contextOf(request), ip: '' }, request.query.token, baseUrlOf(request));
      const lang = request.query.lang ?? result?.language ?? 'en';
      const t = CANCEL_TEXT[lang];
      if (!result) throw notFound('EVENT_REGISTRATION_NOT_FOUND', 'This cancellation link is not valid');
      const title = pickLocalized(result.title, lang, LOCALES)!.text;
      return sendLinkPage(reply, lang, t.done, `<p>${esc(title)}</p>`);
    },
  });
};

const FeedParamsSchema = z.strictObject({ lang: LocaleSchema });
const EventFeedParamsSchema = z.strictObject({
  lang: LocaleSchema,
  file: z
    .string()
    .max(84)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.ics$/),
});
const CalendarSchema = { description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } };

/** Calendars anyone may subscribe to (Outlook, Google Calendar, Thunderbird): no key, like the badge. */
export const eventFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  const events = createDialogueEventService(app.db, { clock: app.clock });
  const tags = ['events'];
  const send = (reply: FastifyReply, ics: string, filename: string) =>
    reply
      .header('cache-control', 'public, max-age=900')
      .header('content-disposition', `inline; filename="${filename}"`)
      .header('cross-origin-resource-policy', 'cross-origin')
      .type('text/calendar; charset=utf-8')
      .send(ics);

  app.get('/feeds/:lang/events.ics', {
    config: { access: { public: true } },
    schema: {
      operationId: 'getEventCalendarFeed',
      summary: 'Published upcoming events as one calendar to subscribe to',
      tags,
      params: FeedParamsSchema,
      querystring: z.strictObject({}),
      response: { 200: CalendarSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => send(reply, await events.calendarFeed(request.params.lang), 'events.ics'),
  });

  app.get('/feeds/:lang/events/:file', {
    config: { access: { public: true } },
    schema: {
      operationId: 'getEventCalendarFile',
      summary: 'One event as an iCalendar file (`<slug>.ics`); a cancelled event says so',
      tags,
      params: EventFeedParamsSchema,
      querystring: z.strictObject({}),
      response: { 200: CalendarSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const slug = request.params.file.slice(0, -'.ics'.length);
      return send(reply, await events.eventCalendar(slug, request.params.lang), request.params.file);
    },
  });
};
