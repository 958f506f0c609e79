import { localDay, PublicChangePageSchema, PublicChangesQuerySchema } from '@euregionet/shared';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiRoute } from '../../api-route.js';
import type { Config } from '../../config.js';
import { baseUrlOf } from '../../http.js';
import { runPeriodically } from '../../plugins/periodic.js';
import { PORTALS } from '../auth/access.js';
import { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import type { FileStore } from '../files/file-store.js';
import { createOpportunityReading } from '../opportunities/opportunities.service.js';
import { createPublicFundingCallRepo, toPublicFundingCall } from '../funding-calls/funding-calls.public.js';
import { answerLanguage, languagesOf } from '../public/languages.js';
import { portalReads } from '../public/portal-cors.js';
import { createPublicService } from '../public/public.service.js';
import { createPublicationService } from '../publications/publications.service.js';
import { purgeChanges } from './sync.repo.js';
import { createSyncService, type DocumentReaders } from './sync.service.js';

/** Each kind of public document read as its own public route reads it: one rule of what portals see. */
export function publicDocumentReaders(app: Parameters<FastifyPluginAsyncZod>[0], store: FileStore): DocumentReaders {
  const directory = createPublicService(app.db, { clock: app.clock });
  const calls = createPublicFundingCallRepo(app.db);
  const publications = createPublicationService(app.db, { clock: app.clock, store });
  const events = createDialogueEventService(app.db, { clock: app.clock });
  const opportunities = createOpportunityReading(app.db, app.clock);
  return {
    cluster: (slug, order, baseUrl) => directory.detail(slug, order, baseUrl),
    fundingCall: async (slug, order) => {
      const row = await calls.bySlug(slug);
      return row ? toPublicFundingCall(row, order, localDay(app.clock.now())) : undefined;
    },
    publication: (slug, order) => publications.publishedBySlug(slug, order),
    event: (slug, order, baseUrl) => events.publicDetail(slug, order, baseUrl),
    opportunity: (id, order) => opportunities.detail(id, order),
  };
}

/** `GET /public/changes`, with the portal rules of the other public routes (key, CORS). */
export const publicChangeRoutes: FastifyPluginAsyncZod<{ config: Config; store: FileStore }> = async (app, { config, store }) => {
  const sync = createSyncService(app.db, {
    readers: publicDocumentReaders(app, store),
    retentionDays: config.sync.retentionDays,
    clock: app.clock,
  });
  // A feed: always asked again, so no reuse without asking.
  portalReads(app, () => 'private, no-cache');

  app.get('/changes', {
    ...apiRoute(['public'], {
      access: PORTALS,
      operationId: 'listPublicChanges',
      summary: 'What changed in the public documents: upserts and tombstones, with a cursor',
      description: `For mirrors. Read the lists in full once and note the time you started; then ask \`?since=\` that time, and from then on \`?cursor=\` the last \`nextCursor\` (also when a page was empty). Apply the items in order: \`upsert\` stores the document (as \`GET\` of its \`url\` would answer), \`delete\` removes it (unpublished or deleted). Changes are kept ${config.sync.retentionDays} days (at least 90); an older \`since\` or cursor answers 410 CHANGES_EXPIRED: read in full again.`,
      querystring: PublicChangesQuerySchema,
      response: { 200: PublicChangePageSchema },
      errors: [410],
    }),
    handler: async (request, reply) => {
      const order = languagesOf(request);
      answerLanguage(request, reply, order[0]!);
      return sync.changes(request.query, order, baseUrlOf(request));
    },
  });
};

/** Purges the change log daily, after the configured retention. */
export const changeLogPurgePlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    if (!config.sync.purgeIntervalMs) return;
    const DAY_MS = 86_400_000;
    runPeriodically(app, {
      name: 'change-log purge',
      intervalMs: config.sync.purgeIntervalMs,
      firstAfterMs: 60_000,
      round: async () => {
        const purged = await purgeChanges(app.db, new Date(app.clock.now().getTime() - config.sync.retentionDays * DAY_MS));
        if (purged) app.log.info({ purged }, 'change log purged');
      },
    });
  },
  { name: 'change-log-purge', dependencies: ['database'] },
);
