import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { scheduleBackups } from './db/backup/scheduled.js';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authPlugin } from './modules/auth/auth.plugin.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { brandKeyRoutes, brandPublicRoutes, brandRoundPlugin, brandRoutes } from './modules/brand/brand.routes.js';
import { brandCriteriaFileOwner } from './modules/brand/brand.service.js';
import { clusterRoutes } from './modules/clusters/clusters.routes.js';
import { clusterLogoFileOwner } from './modules/clusters/clusters.service.js';
import { consultingRoutes } from './modules/consulting/consulting.routes.js';
import { personalDataRoutes } from './modules/personal-data/personal-data.routes.js';
import { consultingRequestFileOwner } from './modules/consulting/consulting.service.js';
import { consultingDeadlinesWorker, statusPageRoutes } from './modules/consulting/consulting.status.routes.js';
import { digestRoutes, digestWorker } from './modules/digests/digests.routes.js';
import { digestUnsubscribeRoutes } from './modules/digests/digests.unsubscribe.js';
import { eventFeedRoutes } from './modules/dialogue-events/dialogue-events.public.js';
import { dialogueEventRoutes } from './modules/dialogue-events/dialogue-events.routes.js';
import { eventReminderPlugin } from './modules/dialogue-events/event-invitations.routes.js';
import { createFileStore } from './modules/files/file-store.js';
import { fileRoutes } from './modules/files/files.routes.js';
import { evaluationRoutes } from './modules/evaluations/evaluations.routes.js';
import { resultsPageRoutes } from './modules/evaluations/evaluation-results.routes.js';
import { evaluationShareRoutes } from './modules/evaluations/evaluation-shares.routes.js';
import { evaluationFileOwner } from './modules/evaluations/evaluation-shares.service.js';
import { createFileService } from './modules/files/files.service.js';
import { fundingCallRoutes } from './modules/funding-calls/funding-calls.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { exportRoutes } from './modules/imports/exports.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { indicatorRoutes } from './modules/indicators/indicators.routes.js';
import { measureFileOwner } from './modules/indicators/indicators.service.js';
import { matchmakingRoutes } from './modules/matchmaking/matchmaking.routes.js';
import { opportunityStaffRoutes, publicOpportunityRoutes } from './modules/opportunities/opportunities.routes.js';
import { matchmakingFigures } from './modules/matchmaking/matchmaking.service.js';
import { outboxPlugin } from './modules/outbox/outbox.plugin.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { organisationRoutes } from './modules/organisations/organisations.routes.js';
import { organisationLogoFileOwner } from './modules/organisations/organisations.service.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { feedRoutes, publicPublicationRoutes } from './modules/publications/publications.public.js';
import { publicationRoutes } from './modules/publications/publications.routes.js';
import { publicationFileOwner } from './modules/publications/publications.service.js';
import { eventFileOwner } from './modules/dialogue-events/dialogue-events.service.js';
import { calendarChangesPlugin } from './modules/sync/calendar.js';
import { changeLogPurgePlugin, publicChangeRoutes } from './modules/sync/sync.routes.js';
import { webhookRoutes, webhookWorkerPlugin } from './modules/webhooks/webhooks.routes.js';
import { locationRoutes } from './modules/locations/locations.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { taxonomyRoutes } from './modules/taxonomies/taxonomies.routes.js';
import { userRoutes } from './modules/users/users.routes.js';
import { adminAppAvailable, adminAppPlugin } from './plugins/admin-app.js';
import { LOG_SERIALIZERS } from './logging.js';
import { databasePlugin } from './plugins/database.js';
import { errorsPlugin, notFoundHandler, sendProblem } from './plugins/errors.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { securityPlugin } from './plugins/security.js';
import { validatorCompiler } from './plugins/validation.js';

export interface AppOptions {
  config: Config;
  database: Database;
  /** The process's logger; without one the app makes its own at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Where the time is read (the system's unless given). */
  clock?: Clock;
}

const REQUEST_ID = /^[\w.-]{8,64}$/;

/** Secrets that must never reach a log line. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

/**
 * Fastify ignores a bare hop count (it cannot tell the proxy from a client that talks to the API
 * directly); the configuration asks for one on purpose, for an API reachable only through its
 * proxies, so the count is passed as the function that Fastify does honour.
 */
function trustedProxies(trust: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * The whole HTTP application, without the process around it: `server.ts` listens with it, tests
 * call it through `inject`. Modules are registered here, in one readable place.
 */
export async function buildApp({ config, database, logger, clock = systemClock }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: { level: config.logLevel, redact: LOG_REDACT, serializers: LOG_SERIALIZERS } }),
    // A request id from a trusted proxy is kept so that logs can be followed across services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.bodyLimit,
    trustProxy: trustedProxies(config.trustProxy),
    requestTimeout: 30_000,
    // Errors of the router itself (a malformed URL, an overlong path segment) skip the error
    // handler; they get problem+json too.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return sendProblem(request, reply, 400, 'MALFORMED_REQUEST', tooLong ? 'A part of the path is too long' : 'The URL is not valid');
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('clock', clock);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // While shutting down, answers in flight close their keep-alive connection, so that the
  // server can finish instead of waiting for idle clients to go away.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Hooks on every request are written with callbacks: an async hook costs a promise per request.
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(errorsPlugin);
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins, tileUrl: config.map.tileUrl });
  await app.register(databasePlugin, { database });
  await app.register(openapiPlugin, { publicBaseUrl: config.publicBaseUrl });
  await app.register(authPlugin, { config });
  await app.register(metricsPlugin, { token: config.metricsToken });
  await app.register(rateLimitPlugin, { perMinute: config.rateLimitPerMinute, redisUrl: config.redisUrl });
  await app.register(outboxPlugin, { config });
  await app.register(consultingDeadlinesWorker, { config });
  await app.register(digestWorker, { config });
  await app.register(brandRoundPlugin, { config });
  await app.register(changeLogPurgePlugin, { config });
  await app.register(calendarChangesPlugin, { config });
  await app.register(webhookWorkerPlugin, { config });
  await app.register(eventReminderPlugin, { config });

  // One store for every module that keeps files: a folder, or a bucket that processes share.
  const fileStore = createFileStore(config.files.storage);
  // Each kind of record that carries files says who may read and attach them.
  const fileOwners = {
    publication: publicationFileOwner,
    evaluation: evaluationFileOwner,
    cluster_logo: clusterLogoFileOwner,
    organisation_logo: organisationLogoFileOwner,
    internationalisation_measure: measureFileOwner,
    event: eventFileOwner,
    brand_criteria: brandCriteriaFileOwner,
    consulting_request: consultingRequestFileOwner,
  };

  // Scheduled backups (BACKUP_DIR) of the database and this store; their age is in /health/ready.
  const backups = config.backup ? scheduleBackups(app, config.backup, fileStore) : undefined;
  await app.register(healthRoutes, { prefix: '/health', ...(backups ? { backups } : {}) });
  // The requester's status page: HTML for people, outside the API and its JSON conventions.
  const fileService = createFileService(app.db, { store: fileStore, owners: fileOwners });
  const consultingFiles = { service: fileService, store: fileStore };
  await app.register(statusPageRoutes, { config, files: consultingFiles, maxBytes: config.files.maxBytes });
  // The digest's one-click unsubscribe: HTML for people and RFC 8058 posts from mail programs.
  await app.register(digestUnsubscribeRoutes, { config });
  // An approved evaluation's results for the cluster's management: HTML, without a staff login.
  await app.register(resultsPageRoutes, { config, files: fileService });
  await app.register(feedRoutes, { prefix: '/feeds', store: fileStore });
  // Calendars to subscribe to: outside /api, addresses that calendar programs keep for years.
  await app.register(eventFeedRoutes);
  if (config.env === 'production' && !config.brand.signingKey) {
    app.log.warn('BRAND_SIGNING_KEY is not set: the key that signs brand certificates is kept in the database, so a copy of it can sign');
  }
  await app.register(brandKeyRoutes, { signingKey: config.brand.signingKey });
  await app.register(
    async (api) => {
      await api.register(authRoutes, { config });
      await api.register(userRoutes, { config });
      await api.register(apiKeyRoutes);
      await api.register(webhookRoutes, { config });
      await api.register(auditRoutes);
      await api.register(clusterRoutes, { store: fileStore });
      await api.register(consultingRoutes, { config, files: consultingFiles });
      await api.register(outboxRoutes);
      await api.register(personalDataRoutes, { config, files: consultingFiles });
      await api.register(organisationRoutes, { store: fileStore });
      await api.register(digestRoutes, { config });
      await api.register(searchRoutes);
      await api.register(locationRoutes, { config });
      await api.register(taxonomyRoutes);
      await api.register(publicRoutes, { prefix: '/public', config });
      await api.register(publicPublicationRoutes, { prefix: '/public', store: fileStore });
      await api.register(publicOpportunityRoutes, { prefix: '/public', config });
      await api.register(opportunityStaffRoutes, { config });
      await api.register(publicChangeRoutes, { prefix: '/public', config, store: fileStore });
      await api.register(publicationRoutes, { store: fileStore });
      await api.register(fileRoutes, { store: fileStore, owners: fileOwners, maxBytes: config.files.maxBytes });
      await api.register(evaluationRoutes);
      await api.register(evaluationShareRoutes, { config });
      await api.register(fundingCallRoutes);
      await api.register(dialogueEventRoutes);
      await api.register(matchmakingRoutes);
      await api.register(indicatorRoutes, { matches: matchmakingFigures, store: fileStore });
      await api.register(importRoutes, { config });
      await api.register(exportRoutes);
      await api.register(homeRoutes, { config, matches: matchmakingFigures });
      await api.register(brandRoutes, { signingKey: config.brand.signingKey });
      await api.register(brandPublicRoutes, { store: fileStore, signingKey: config.brand.signingKey });
    },
    { prefix: '/api/v1' },
  );

  const appIndex = adminAppAvailable(config.adminDist);
  if (appIndex) await app.register(adminAppPlugin, { root: config.adminDist! });
  else app.log.warn('admin app not built: serving the API only');
  app.setNotFoundHandler(notFoundHandler({ appIndex }));

  return app;
}
