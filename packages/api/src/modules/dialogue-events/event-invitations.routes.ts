import {
  escapeMarkup as esc,
  EDITORS,
  EventInvitationAudienceSchema,
  EventInvitationListSchema,
  EventInvitationPreviewSchema,
  EventInvitationSendResultSchema,
  EventRegistrationIntakeSchema,
  IdParamsSchema,
  LocaleSchema,
  pickLocalized,
  COUNTRIES,
  LOCALES,
  type Locale,
} from '@euregionet/shared';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { apiRoutes } from '../../api-route.js';
import { baseUrlOf } from '../../http.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { contextOf } from '../auth/auth.plugin.js';
import { languagesOf } from '../public/languages.js';
import { sendLinkPage } from './dialogue-events.public.js';
import { createEventInvitationService } from './event-invitations.service.js';

/** Staff invite contact persons of the directory: preview the count, send, follow who registered. */
export const eventInvitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const invitations = createEventInvitationService(app.db, { clock: app.clock });
  const tags = ['events'];
  const route = apiRoutes(tags);

  app.post('/events/:id/invitations/preview', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'previewEventInvitations',
      summary: 'How many consenting contact persons an audience would reach (nothing is sent)',
      params: IdParamsSchema,
      body: EventInvitationAudienceSchema,
      response: { 200: EventInvitationPreviewSchema },
    }),
    handler: async (request) => invitations.preview(contextOf(request), request.params.id, request.body),
  });

  app.post('/events/:id/invitations', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'sendEventInvitations',
      summary: 'Invite the consenting contact persons of an audience, each in their language with a personal registration link',
      description:
        'Contact persons with an e-mail address and a recorded consent, of organisations matching every criterion given. Nobody is invited twice to the same event. 409 INVITATION_NOT_POSSIBLE unless the event is published and its registration open.',
      params: IdParamsSchema,
      body: EventInvitationAudienceSchema,
      response: { 200: EventInvitationSendResultSchema },
      errors: [409],
    }),
    handler: async (request) => invitations.send(contextOf(request), request.params.id, request.body, baseUrlOf(request)),
  });

  app.get('/events/:id/invitations', {
    ...route({
      access: { roles: EDITORS },
      operationId: 'listEventInvitations',
      summary: 'The invitations of an event, newest first, and whether the person registered',
      params: IdParamsSchema,
      response: { 200: EventInvitationListSchema },
    }),
    handler: async (request) => invitations.list(request.params.id),
  });
};

// ---- the personal registration link

const CONSENT_VERSION = 'invitation-2026-01';

const TEXT: Record<
  Locale,
  {
    heading: string;
    name: string;
    email: string;
    organisation: string;
    country: string;
    language: string;
    notes: string;
    meetings: string;
    consent: string;
    submit: string;
    confirmed: string;
    waiting: (n: number) => string;
    closed: string;
    missing: string;
    countries: Record<(typeof COUNTRIES)[number], string>;
  }
> = {
  de: {
    heading: 'Anmeldung',
    name: 'Name',
    email: 'E-Mail',
    organisation: 'Organisation',
    country: 'Land',
    language: 'Sprache der Nachrichten',
    notes: 'Ernährung oder Barrierefreiheit (optional)',
    meetings: 'Ich möchte Gespräche mit anderen Teilnehmenden führen',
    consent: 'Ich bin einverstanden, dass meine Angaben zur Organisation der Veranstaltung verarbeitet werden.',
    submit: 'Anmelden',
    confirmed: 'Sie sind angemeldet. Eine Bestätigung ist unterwegs.',
    waiting: (n) => `Die Veranstaltung ist ausgebucht: Sie stehen auf Platz ${n} der Warteliste.`,
    closed: 'Die Anmeldung für diese Veranstaltung ist nicht geöffnet.',
    missing: 'Bitte geben Sie Ihren Namen an und stimmen Sie der Verarbeitung zu.',
    countries: { DE: 'Deutschland', PL: 'Polen' },
  },
  pl: {
    heading: 'Rejestracja',
    name: 'Imię i nazwisko',
    email: 'E-mail',
    organisation: 'Organizacja',
    country: 'Kraj',
    language: 'Język wiadomości',
    notes: 'Dieta lub dostępność (opcjonalnie)',
    meetings: 'Chcę umawiać spotkania z innymi uczestnikami',
    consent: 'Zgadzam się na przetwarzanie moich danych w celu organizacji wydarzenia.',
    submit: 'Zarejestruj się',
    confirmed: 'Jesteś zarejestrowany(-a). Potwierdzenie jest w drodze.',
    waiting: (n) => `Brak wolnych miejsc: jesteś na ${n}. miejscu listy oczekujących.`,
    closed: 'Rejestracja na to wydarzenie nie jest otwarta.',
    missing: 'Podaj imię i nazwisko oraz wyraź zgodę na przetwarzanie danych.',
    countries: { DE: 'Niemcy', PL: 'Polska' },
  },
  en: {
    heading: 'Registration',
    name: 'Name',
    email: 'E-mail',
    organisation: 'Organisation',
    country: 'Country',
    language: 'Language of the messages',
    notes: 'Dietary or accessibility needs (optional)',
    meetings: 'I would like one-to-one meetings with other participants',
    consent: 'I agree that my details are processed to organise the event.',
    submit: 'Register',
    confirmed: 'You are registered. A confirmation is on its way.',
    waiting: (n) => `The event is fully booked: you are number ${n} on the waiting list.`,
    closed: 'Registration for this event is not open.',
    missing: 'Please give your name and agree to the processing of your details.',
    countries: { DE: 'Germany', PL: 'Poland' },
  },
};
const LANGUAGE_NAMES: Record<Locale, string> = { de: 'Deutsch', pl: 'Polski', en: 'English' };

const TokenQuerySchema = z.strictObject({
  token: z
    .string()
    .max(64)
    .regex(/^[\w-]{20,64}$/),
  lang: LocaleSchema.optional(),
});
const FormSchema = z.strictObject({
  name: z.string().max(200).optional(),
  organisationName: z.string().max(300).optional(),
  country: z.string().max(2).optional(),
  language: z.string().max(2).optional(),
  notes: z.string().max(1000).optional(),
  wantsMeetings: z.string().max(3).optional(),
  consent: z.string().max(3).optional(),
});
type Form = z.infer<typeof FormSchema>;
const HtmlSchema = { description: 'A small page for the invited person', content: { 'text/html': { schema: z.string().max(200_000) } } };

const option = (value: string, label: string, selected: boolean) =>
  `<option value="${value}"${selected ? ' selected' : ''}>${esc(label)}</option>`;

/**
 * The page behind the personal link of an invitation: a registration form filled in with what
 * the directory knows, the address fixed to the invited person's. Opening it changes nothing
 * (mail scanners open links); sending the form registers.
 */
export const eventInvitationLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const invitations = createEventInvitationService(app.db, { clock: app.clock });
  const tags = ['events'];
  const route = apiRoutes(tags);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  type Shown = Awaited<ReturnType<typeof invitations.invitation>>;
  const form = (token: string, lang: Locale, shown: Shown, values: Form, error?: string) => {
    const t = TEXT[lang];
    const title = pickLocalized(shown.event.title, lang, LOCALES)!.text;
    const field = (label: string, input: string) => `<p><label>${esc(label)}<br>${input}</label></p>`;
    const text = (name: keyof Form, value: string | undefined, max: number) =>
      `<input name="${name}" maxlength="${max}" value="${esc(value ?? '')}">`;
    const country = values.country ?? '';
    const language = values.language ?? shown.language;
    return [
      `<p><strong>${esc(title)}</strong> · ${shown.event.date}</p>`,
      error ? `<p role="alert">${esc(error)}</p>` : '',
      `<form method="post" action="register?token=${encodeURIComponent(token)}&amp;lang=${lang}">`,
      field(t.name, text('name', values.name ?? shown.name, 200)),
      field(t.email, `<input value="${esc(shown.email)}" readonly>`),
      field(t.organisation, text('organisationName', values.organisationName ?? shown.organisationName ?? '', 300)),
      field(t.country, `<select name="country">${COUNTRIES.map((c) => option(c, t.countries[c], c === country)).join('')}</select>`),
      field(t.language, `<select name="language">${LOCALES.map((l) => option(l, LANGUAGE_NAMES[l], l === language)).join('')}</select>`),
      field(t.notes, `<textarea name="notes" maxlength="1000">${esc(values.notes ?? '')}</textarea>`),
      `<p><label><input type="checkbox" name="wantsMeetings"${values.wantsMeetings ? ' checked' : ''}> ${esc(t.meetings)}</label></p>`,
      `<p><label><input type="checkbox" name="consent" required> ${esc(t.consent)}</label></p>`,
      `<button type="submit">${esc(t.submit)}</button></form>`,
    ].join('');
  };

  app.get('/public/event-invitations/register', {
    ...route({
      access: { public: true },
      operationId: 'showEventInvitationRegistration',
      summary: 'The page behind the personal link of an invitation: a registration form, filled in',
      querystring: TokenQuerySchema,
      response: { 200: HtmlSchema },
      errors: [404],
    }),
    handler: async (request, reply) => {
      const shown = await invitations.invitation(request.query.token);
      const lang = request.query.lang ?? shown.language;
      const t = TEXT[lang];
      if (!shown.open) return sendLinkPage(reply, lang, t.heading, `<p>${esc(t.closed)}</p>`);
      const country = shown.language === 'pl' ? 'PL' : 'DE';
      return sendLinkPage(reply, lang, t.heading, form(request.query.token, lang, shown, { country }));
    },
  });

  app.post('/public/event-invitations/register', {
    ...route({
      access: { public: true },
      operationId: 'registerByEventInvitation',
      summary: 'Register through the personal link of an invitation (an HTML form)',
      querystring: TokenQuerySchema,
      body: FormSchema,
      response: { 200: HtmlSchema },
      errors: [404, 409],
    }),
    handler: async (request, reply) => {
      const { token } = request.query;
      const shown = await invitations.invitation(token);
      const lang = request.query.lang ?? languagesOf(request)[0] ?? shown.language;
      const t = TEXT[lang];
      const values = request.body;
      const parsed = EventRegistrationIntakeSchema.omit({ email: true, website: true }).safeParse({
        name: values.name,
        organisationName: values.organisationName?.trim() || undefined,
        country: values.country,
        language: values.language,
        notes: values.notes?.trim() || undefined,
        wantsMeetings: values.wantsMeetings === 'on',
        consent: values.consent === 'on',
        consentTextVersion: CONSENT_VERSION,
      });
      if (!parsed.success) return sendLinkPage(reply, lang, t.heading, form(token, lang, shown, values, t.missing));
      // The client address may be the registrant's own: it stays out of the append-only audit trail.
      const receipt = await invitations.register({ ...contextOf(request), ip: '' }, token, parsed.data, baseUrlOf(request));
      const done = receipt.status === 'waiting' ? t.waiting(receipt.waitingPosition!) : t.confirmed;
      return sendLinkPage(reply, lang, t.heading, `<p>${esc(done)}</p>`);
    },
  });
};

/** The reminders before events, on a timer, on the app's clock. */
export const eventReminderPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const { days, intervalMs } = config.eventReminders;
    if (!intervalMs) return;
    const invitations = createEventInvitationService(app.db, { clock: app.clock });
    runPeriodically(app, {
      name: 'event reminders',
      intervalMs,
      firstAfterMs: 60_000,
      round: () => invitations.sendDueReminders(days, config.publicBaseUrl),
    });
  },
  { name: 'event-reminders', dependencies: ['database'] },
);
