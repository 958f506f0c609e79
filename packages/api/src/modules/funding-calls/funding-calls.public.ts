import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import {
  PublicFundingCallListQuerySchema,
  PublicFundingCallPageSchema,
  PublicFundingCallSchema,
  PublicLangQuerySchema,
  PublicSlugParamsSchema,
  fundingCallStatus,
  localDay,
  type Locale,
  type PublicFundingCall,
  type PublicFundingCallListQuery,
  type PublicFundingCallPage,
} from '@euregionet/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage, type Page } from '../../db/cursor.js';
import { notFound } from '../../errors.js';
import { apiRoutes } from '../../api-route.js';
import { baseUrlOf } from '../../http.js';
import { answerLanguage, languagesOf, localise } from '../public/languages.js';
import { fundingCallFilters, toFundingCall } from './funding-calls.repo.js';
import { fundingCallsTable } from './funding-calls.table.js';
import { PORTALS } from '../auth/access.js';
import { byPublicUpdate } from '../sync/sync.service.js';
import { sendDocument } from '../public/document-kinds.js';
import { createFundingCallDocuments } from './funding-calls.documents.js';

type Row = Omit<typeof fundingCallsTable.$inferSelect, 'search'>;

/**
 * A published call as portals see it: built field by field, so that internal notes, the
 * responsible partner, the import key and the record id never reach a portal.
 */
export function toPublicFundingCall(row: Row, order: readonly Locale[], today: string): PublicFundingCall {
  const call = toFundingCall(row, today);
  return {
    slug: call.slug,
    programme: call.programme,
    programmeName: call.programmeName,
    programmeCountry: call.programmeCountry,
    title: localise(call.title, order)!,
    summary: localise(call.summary, order),
    applicantTypes: call.applicantTypes,
    countries: call.countries,
    regions: call.regions,
    sectors: call.sectors,
    ris3Areas: call.ris3Areas,
    keywords: call.keywords,
    fundingRatePercent: call.fundingRatePercent,
    budgetMinEur: call.budgetMinEur,
    budgetMaxEur: call.budgetMaxEur,
    opensOn: call.opensOn,
    closesOn: call.closesOn,
    status: fundingCallStatus(call, today),
    url: call.url,
    crossBorderConsortium: call.crossBorderConsortium,
    updatedAt: call.updatedAt,
  };
}

const { search: _search, ...columns } = getTableColumns(fundingCallsTable);
/** The public list's order: by deadline (calls without one last), then by slug. */
export const FUNDING_CALL_KEY = sql<string>`coalesce(${fundingCallsTable.closesOn}, '9999-12-31'::date)::text`;
const KEY = FUNDING_CALL_KEY;

/** By deadline, then by slug: no internal id in the cursor. */
export const FUNDING_CALL_CURSOR = cursorCodec(key.date, key.text);
const cursor = FUNDING_CALL_CURSOR;

export function createPublicFundingCallRepo(db: Db) {
  return {
    /**
     * Published calls, soonest deadline first, keyset-paged by (deadline, slug): no internal id in
     * the cursor. With `updatedSince`, by the time they last changed, as every public list.
     */
    async list(query: PublicFundingCallListQuery, today: string): Promise<Page<Row>> {
      const where = [
        sql`${fundingCallsTable.published}`,
        ...fundingCallFilters({ ...query, status: query.status ?? ['open', 'upcoming'] }, today),
      ];
      const select = (sortKey: SQL<string | number>, order: SQL) => (rowLimit: number) =>
        db
          .select({ ...columns, sortKey })
          .from(fundingCallsTable)
          .where(and(...where))
          .orderBy(order)
          .limit(rowLimit);
      if (query.updatedSince) {
        const slug = sql`${fundingCallsTable.slug}`;
        const updated = byPublicUpdate('fundingCall', slug, sql`${fundingCallsTable.updatedAt}`, query.updatedSince, query.cursor);
        where.push(updated.where);
        return keysetPage(query.limit, select(updated.sortValue, updated.orderBy), (last) =>
          updated.cursorOf({ sortValue: last.sortKey, slug: last.slug }),
        );
      }
      if (query.cursor) {
        const [day, slug] = cursor.decode(query.cursor);
        where.push(sql`(${KEY}, ${fundingCallsTable.slug}) > (${day}, ${slug})`);
      }
      return keysetPage(query.limit, select(KEY, sql`${KEY}, ${fundingCallsTable.slug}`), (last) =>
        cursor.encode([String(last.sortKey), last.slug]),
      );
    },

    async bySlug(slug: string): Promise<Row | undefined> {
      const [row] = await db
        .select(columns)
        .from(fundingCallsTable)
        .where(and(eq(fundingCallsTable.published, true), eq(fundingCallsTable.slug, slug)));
      return row;
    },
  };
}

/**
 * Published funding calls for portals, registered inside the public routes so that they share
 * their key check, CORS restriction, ETags and caching.
 */
export const publicFundingCallRoutes: FastifyPluginAsyncZod = async (app) => {
  const repo = createPublicFundingCallRepo(app.db);
  // Portals cannot write what these routes read: the documents may be read from a read replica.
  const documents = createFundingCallDocuments(app.db, { db: app.readDb, pool: app.database.readPool ?? app.database.pool });
  const route = apiRoutes(['public']);

  app.get('/funding-calls', {
    ...route({
      access: PORTALS,
      operationId: 'listPublicFundingCalls',
      summary: 'Published funding calls, open and upcoming unless `status` says otherwise, soonest deadline first',
      description: 'Localised by `?lang=` or `Accept-Language`, like the clusters. Answers carry `ETag`; `If-None-Match` gets `304`.',
      querystring: PublicFundingCallListQuerySchema,
      response: { 200: PublicFundingCallPageSchema },
    }),
    handler: async (request, reply): Promise<PublicFundingCallPage> => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const today = localDay(app.clock.now());
      const answer = await documents.list(request.query, order, baseUrlOf(request), today);
      // `updatedSince` (and a call without a document) reads the tables.
      if (answer !== undefined) return sendDocument(reply, answer);
      const page = await repo.list(request.query, today);
      return { lang: order[0]!, items: page.items.map((r) => toPublicFundingCall(r, order, today)), nextCursor: page.nextCursor };
    },
  });

  app.get('/funding-calls/:slug', {
    ...route({
      access: PORTALS,
      operationId: 'getPublicFundingCall',
      summary: 'A published funding call by its slug',
      params: PublicSlugParamsSchema,
      querystring: PublicLangQuerySchema,
      response: { 200: PublicFundingCallSchema },
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      const today = localDay(app.clock.now());
      const answer = await documents.detail(request.params.slug, order, baseUrlOf(request), today);
      if (answer !== undefined) return sendDocument(reply, answer);
      const row = await repo.bySlug(request.params.slug);
      if (!row) throw notFound('FUNDING_CALL_NOT_FOUND', `No published funding call with the slug ${request.params.slug}`);
      return toPublicFundingCall(row, order, today);
    },
  });
};
