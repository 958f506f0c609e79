import {
  FeedParamsSchema,
  languageOrder,
  localDay,
  PublicLangQuerySchema,
  PublicPublicationListQuerySchema,
  PublicPublicationPageSchema,
  PublicPublicationSchema,
  PublicSlugParamsSchema,
  type Locale,
} from '@euregionet/shared';
import { Feed, type Item } from 'feed';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../api-route.js';
import { apiErrors, baseUrlOf } from '../../http.js';
import { PORTALS } from '../auth/access.js';
import { createPublicFundingCallRepo, toPublicFundingCall } from '../funding-calls/funding-calls.public.js';
import { conditionalGet, sharedCacheControl } from '../public/http-cache.js';
import { answerLanguage, languagesOf } from '../public/languages.js';
import { portalReads } from '../public/portal-cors.js';
import type { FileStore } from '../files/file-store.js';
import { createPublicationService } from './publications.service.js';
import { sendDocument } from '../public/document-kinds.js';
import { todayOn } from '../../clock.js';
import { createPublicationDocuments } from './publications.documents.js';

const MAX_AGE = 60;
const FEED_ENTRIES = 50;
const FEED_TITLES: Record<Locale, { publications: string; calls: string }> = {
  de: { publications: 'EuRegioNet – Veröffentlichungen', calls: 'EuRegioNet – Förderaufrufe' },
  pl: { publications: 'EuRegioNet – publikacje', calls: 'EuRegioNet – nabory i konkursy' },
  en: { publications: 'EuRegioNet – publications', calls: 'EuRegioNet – funding calls' },
};

/** Published publications for portals (`public:read` keys), with the directory's caching and CORS rules. */
export const publicPublicationRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const publications = createPublicationService(app.db, { clock: app.clock, store });
  // Portals cannot write what these routes read: the documents may be read from a read replica.
  const documents = createPublicationDocuments(app.db, { db: app.readDb, pool: app.database.readPool ?? app.database.pool });
  const today = todayOn(app.clock);
  const route = apiRoutes(['public']);
  portalReads(app, () => sharedCacheControl(MAX_AGE));

  app.get('/publications', {
    ...route({
      access: PORTALS,
      operationId: 'listPublicPublications',
      summary: 'Published publications, the latest first: search and filter',
      description: 'Localised by `?lang=` or `Accept-Language`, like the clusters. Answers carry `ETag`; `If-None-Match` gets `304`.',
      querystring: PublicPublicationListQuerySchema,
      response: { 200: PublicPublicationPageSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.list(request.query, order, baseUrlOf(request), today());
      // `updatedSince` (and a publication without a document) reads the tables.
      if (answer !== undefined) return sendDocument(reply, answer);
      const { lang: _lang, ...query } = request.query;
      const page = await publications.listPublished(query, order);
      return { lang: order[0]!, ...page };
    },
  });

  app.get('/publications/:slug', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicPublication',
      summary: 'A published publication by its slug, its body as sanitised HTML',
      params: PublicSlugParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicPublicationSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const answer = await documents.detail(request.params.slug, order, baseUrlOf(request), today());
      if (answer !== undefined) return sendDocument(reply, answer);
      return publications.publishedBySlug(request.params.slug, order);
    },
  });
};

/**
 * Atom feeds per language, without a key: any feed reader or a portal's CMS can follow the
 * platform. Texts missing in the language fall back like the public API.
 */
export const feedRoutes: FastifyPluginAsyncZod<{ store: FileStore }> = async (app, { store }) => {
  const publications = createPublicationService(app.db, { clock: app.clock, store });
  const calls = createPublicFundingCallRepo(app.db);
  const tags = ['feeds'];
  app.addHook(
    'onSend',
    conditionalGet(() => `public, max-age=${MAX_AGE * 5}`),
  );
  const atom = { description: 'An Atom 1.0 feed', content: { 'application/atom+xml': { schema: z.string() } } };

  /** A feed of items in one language; it was last updated when its latest item was (or now, when empty). */
  function atomOf(
    request: { protocol: string; host: string; url: string },
    lang: Locale,
    title: string,
    items: (Omit<Item, 'date'> & { updatedAt: string })[],
  ): string {
    const base = baseUrlOf(request);
    const self = `${base}${request.url.split('?')[0]}`;
    const latest = items.reduce<string | null>((max, i) => (max === null || i.updatedAt > max ? i.updatedAt : max), null);
    const feed = new Feed({
      id: self,
      title,
      language: lang,
      link: base,
      updated: latest ? new Date(latest) : app.clock.now(),
      generator: 'EuRegioNet',
      copyright: 'EuRegioNet partners: BIC, LOP, CIT, ESNB',
      feedLinks: { atom: self },
    });
    for (const { updatedAt, ...item } of items) feed.addItem({ ...item, date: new Date(updatedAt) });
    return feed.atom1();
  }

  const route = (
    path: string,
    operationId: string,
    summary: string,
    feed: (request: FastifyRequest<{ Params: { lang: Locale } }>, base: string) => Promise<string>,
  ) =>
    app.get(path, {
      config: { access: { public: true } },
      schema: {
        operationId,
        summary,
        tags,
        params: FeedParamsSchema,
        querystring: z.strictObject({}),
        response: { 200: atom, ...apiErrors() },
      },
      handler: async (request, reply) =>
        reply
          .type('application/atom+xml; charset=utf-8')
          .send(await feed(request as FastifyRequest<{ Params: { lang: Locale } }>, baseUrlOf(request))),
    });

  route(
    '/:lang/publications.atom',
    'publicationsFeed',
    'Atom feed of the published publications in a language (the latest 50)',
    async (request, base) => {
      const lang = request.params.lang;
      const page = await publications.listPublished({ limit: FEED_ENTRIES }, languageOrder([lang]));
      const items = page.items.map((p) => ({
        title: p.title.text,
        id: `${base}/api/v1/public/publications/${p.slug}`,
        link: `${base}/api/v1/public/publications/${p.slug}?lang=${lang}`,
        updatedAt: p.updatedAt,
        published: new Date(p.publishedAt),
        ...(p.summary ? { description: p.summary.text } : {}),
        ...(p.bodyHtml ? { content: p.bodyHtml.text } : {}),
        author: [{ name: p.partner }],
        category: [{ name: p.kind, term: p.kind }],
      }));
      return atomOf(request, lang, FEED_TITLES[lang].publications, items);
    },
  );

  route(
    '/:lang/funding-calls.atom',
    'fundingCallsFeed',
    'Atom feed of the published funding calls that are open or upcoming, in a language',
    async (request, base) => {
      const lang = request.params.lang;
      const today = localDay(app.clock.now());
      const page = await calls.list({ limit: 100, status: ['open', 'upcoming'] }, today);
      const items = page.items.map((row) => {
        const c = toPublicFundingCall(row, languageOrder([lang]), today);
        return {
          title: c.title.text,
          id: `${base}/api/v1/public/funding-calls/${c.slug}`,
          link: c.url ?? `${base}/api/v1/public/funding-calls/${c.slug}?lang=${lang}`,
          updatedAt: c.updatedAt,
          ...(c.summary ? { description: c.summary.text } : {}),
          category: [{ name: c.programme, term: c.programme }],
        };
      });
      return atomOf(request, lang, FEED_TITLES[lang].calls, items);
    },
  );
};
