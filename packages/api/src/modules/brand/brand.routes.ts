import {
  BrandApplicationCreateSchema,
  BrandApplicationListQuerySchema,
  BrandApplicationPageSchema,
  BrandApplicationSchema,
  BrandAwardActionSchema,
  BrandAwardListQuerySchema,
  BrandAwardPageSchema,
  BrandAwardSchema,
  BrandCheckSchema,
  BrandCriteriaCreateSchema,
  BrandCriteriaListSchema,
  BrandCriteriaSchema,
  BrandCriteriaUpdateSchema,
  BrandDecisionSchema,
  BrandFiguresSchema,
  BrandAssetsSchema,
  BrandHolderListSchema,
  BrandVerificationSchema,
  BrandVerifyParamsSchema,
  EDITORS,
  IdSchema,
  PublicLangQuerySchema,
  type Role,
} from '@euregionet/shared';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import Negotiator from 'negotiator';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { apiRoutes } from '../../api-route.js';
import { sendPage } from '../../html-page.js';
import { apiErrors, baseUrlOf } from '../../http.js';
import { recordRoutes } from '../../record-routes.js';
import { PORTALS, READERS, STAFF } from '../auth/access.js';
import { languagesOf } from '../public/languages.js';
import { restrictCors } from '../public/portal-cors.js';
import { renderBrandBadge, renderVerificationPage } from './brand.render.js';
import { BADGE_MAX } from '../public/badge.js';
import type { FileStore } from '../files/file-store.js';
import { createBrandService } from './brand.service.js';

/** Who sets the brand's rules and acts on awards: coordinators and administrators. */
const DECIDERS: readonly Role[] = ['admin', 'coordinator'];

/**
 * Staff routes of the brand: criteria versions (coordinators and administrators), applications
 * (staff of the cluster's partner apply; a coordinator of another partner decides), awards and
 * their state, and the figures for the indicators.
 */
export const brandRoutes: FastifyPluginAsyncZod<{ signingKey: string | undefined }> = async (app, { signingKey }) => {
  const brand = createBrandService(app.db, { clock: app.clock, signingKey });
  const tags = ['brand'];
  const route = apiRoutes(tags);

  app.get('/brand/criteria', {
    ...route({
      access: STAFF,
      operationId: 'listBrandCriteria',
      summary: 'Versions of the brand criteria, newest first',
      response: { 200: BrandCriteriaListSchema },
    }),
    handler: async () => ({ items: await brand.listCriteria() }),
  });

  const criteriaRoutes = recordRoutes(app, { path: '/brand/criteria', tags, record: BrandCriteriaSchema });

  criteriaRoutes.create({
    access: { roles: DECIDERS },
    operationId: 'createBrandCriteria',
    summary: 'Start the next version of the brand criteria (a draft)',
    body: BrandCriteriaCreateSchema,
    create: (ctx, body) => brand.createCriteria(ctx, body),
  });

  criteriaRoutes.get({
    access: STAFF,
    operationId: 'getBrandCriteria',
    summary: 'One version of the brand criteria',
    get: (id) => brand.getCriteria(id),
  });

  criteriaRoutes.change({
    access: { roles: DECIDERS },
    operationId: 'updateBrandCriteria',
    summary: 'Change a draft version (needs If-Match); published versions are frozen',
    body: BrandCriteriaUpdateSchema,
    change: (ctx, id, version, body) => brand.updateCriteria(ctx, id, version, body),
  });

  criteriaRoutes.change({
    access: { roles: DECIDERS },
    operationId: 'publishBrandCriteria',
    summary: 'Publish a draft (needs If-Match): it is frozen, and new applications are checked against it',
    method: 'POST',
    action: 'publish',
    change: (ctx, id, version) => brand.publishCriteria(ctx, id, version),
  });

  app.get('/brand/check', {
    ...route({
      access: STAFF,
      operationId: 'checkBrand',
      summary: 'The live check of a cluster against the current criteria, with the evidence',
      querystring: z.strictObject({ clusterId: IdSchema }),
      response: { 200: BrandCheckSchema },
      errors: [404, 409],
    }),
    handler: async (request) => brand.check(request.query.clusterId),
  });

  const applicationRoutes = recordRoutes(app, { path: '/brand/applications', tags, record: BrandApplicationSchema });

  applicationRoutes.list({
    access: STAFF,
    operationId: 'listBrandApplications',
    summary: 'Applications for the brand, newest first',
    query: BrandApplicationListQuerySchema,
    page: BrandApplicationPageSchema,
    list: (query) => brand.listApplications(query),
  });

  applicationRoutes.create({
    access: { roles: EDITORS },
    operationId: 'createBrandApplication',
    summary: 'Apply for the brand for a cluster (staff of its supporting partner); the check is stored with it',
    errors: [404, 409],
    body: BrandApplicationCreateSchema,
    create: (ctx, body) => brand.apply(ctx, body.clusterId),
  });

  applicationRoutes.get({
    access: STAFF,
    operationId: 'getBrandApplication',
    summary: 'One application with its check',
    get: (id) => brand.getApplication(id),
  });

  applicationRoutes.change({
    access: { roles: DECIDERS },
    operationId: 'decideBrandApplication',
    summary: 'Approve or reject, with a reason (needs If-Match); a coordinator of another partner than the applicant’s',
    description: 'An approval checks again and needs every criterion met (`422 BRAND_CRITERIA_NOT_MET`); it makes the award.',
    errors: [409, 422],
    method: 'POST',
    action: 'decision',
    body: BrandDecisionSchema,
    change: (ctx, id, version, body) => brand.decide(ctx, id, version, body),
  });

  const awardRoutes = recordRoutes(app, { path: '/brand/awards', tags, record: BrandAwardSchema });

  awardRoutes.list({
    access: STAFF,
    operationId: 'listBrandAwards',
    summary: 'Awards of the brand, newest first; filter by validity (valid, expired, suspended, revoked)',
    query: BrandAwardListQuerySchema,
    page: BrandAwardPageSchema,
    list: (query) => brand.listAwards(query),
  });

  awardRoutes.get({
    access: STAFF,
    operationId: 'getBrandAward',
    summary: 'One award',
    get: (id) => brand.getAward(id),
  });

  awardRoutes.change({
    access: { roles: DECIDERS },
    operationId: 'changeBrandAward',
    summary: 'Suspend, reinstate or revoke an award, with a reason (needs If-Match)',
    method: 'POST',
    action: 'actions',
    body: BrandAwardActionSchema,
    change: (ctx, id, version, body) => brand.act(ctx, id, version, body),
  });

  app.get('/brand/figures', {
    ...route({
      access: READERS,
      operationId: 'getBrandFigures',
      summary: 'Clusters holding the brand today, awards and renewals per year',
      response: { 200: BrandFiguresSchema },
    }),
    handler: async () => brand.figures(),
  });
};

/**
 * What anyone may see: the verification answer (JSON, or the HTML page when a browser asks),
 * the badge, and for portals the list of holders. The verification and the badge need no key;
 * they are rate limited per address like every anonymous request.
 */
export const brandPublicRoutes: FastifyPluginAsyncZod<{ store: FileStore; signingKey: string | undefined }> = async (
  app,
  { store, signingKey },
) => {
  const brand = createBrandService(app.db, { clock: app.clock, store, signingKey });
  const tags = ['brand'];
  const route = apiRoutes(tags);

  app.addHook('onSend', async (request, reply, payload) => {
    restrictCors(request, reply);
    return payload;
  });

  app.get('/public/brand', {
    ...route({
      access: PORTALS,
      operationId: 'listBrandHolders',
      summary: 'Clusters that hold the brand today, with level and validity, for portals’ brand pages',
      querystring: PublicLangQuerySchema,
      response: { 200: BrandHolderListSchema },
    }),
    handler: async (request) => ({ items: await brand.holders(languagesOf(request), baseUrlOf(request)) }),
  });

  app.get('/public/brand/assets', {
    ...route({
      access: { public: true },
      operationId: 'getBrandAssets',
      summary: 'The brand’s logo files and usage guidelines, to download without a key',
      description:
        'The files of the newest published criteria version that has any; each `url` downloads without a key. `guidelines` is the publication with the usage guidelines (read with a portal key).',
      response: { 200: BrandAssetsSchema },
    }),
    handler: async (request) => brand.assets(baseUrlOf(request)),
  });

  app.get('/public/brand/:ref', {
    ...route({
      access: { public: true },
      operationId: 'verifyBrand',
      summary: 'Does a cluster hold the brand? By certificate number or slug; no key needed',
      description:
        'JSON by default; `Accept: text/html` gets the verification page (de/pl/en by `?lang=` or Accept-Language). `payload` is signed with Ed25519 (`signature`, base64url); the public key is at `/.well-known/euregionet-brand-key`.',
      params: BrandVerifyParamsSchema,
      querystring: PublicLangQuerySchema,
      response: {
        200: {
          description: 'The certificate and its signature, or the HTML page',
          content: { 'application/json': { schema: BrandVerificationSchema }, 'text/html': { schema: z.string().max(200_000) } },
        },
      },
    }),
    handler: async (request, reply) => {
      const { verification, award } = await brand.verify(request.params.ref, baseUrlOf(request));
      const order = languagesOf(request);
      void reply.header('vary', 'Accept, Accept-Language').header('cache-control', 'no-store');
      const wantsHtml = new Negotiator(request.raw).mediaType(['application/json', 'text/html']) === 'text/html';
      if (!wantsHtml) return reply.send(verification);
      const name = award.clusterName[order[0]!] ?? order.map((l) => award.clusterName[l]).find(Boolean) ?? award.clusterSlug;
      const lang = order[0]!;
      return sendPage(reply, {
        status: 200,
        lang,
        images: true,
        indexable: true,
        render: (nonce) => renderVerificationPage(verification, name, lang, nonce),
      });
    },
  });

  app.get('/public/brand/:ref/badge.svg', {
    ...route({
      access: { public: true },
      operationId: 'getBrandBadge',
      summary: 'The signed badge of an award (SVG): validity, or expired / suspended / revoked; no key needed',
      params: BrandVerifyParamsSchema,
      querystring: PublicLangQuerySchema,
      response: {
        200: { description: 'The badge', content: { 'image/svg+xml': { schema: z.string().max(BADGE_MAX) } } },
      },
    }),
    handler: async (request, reply) => {
      const { verification, award } = await brand.verify(request.params.ref, baseUrlOf(request));
      const order = languagesOf(request);
      const name = award.clusterName[order[0]!] ?? order.map((l) => award.clusterName[l]).find(Boolean) ?? award.clusterSlug;
      // Other sites embed it: the default same-site resource policy would block that. The status
      // changes with a revocation, so caches ask again after a short while.
      return reply
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('cache-control', 'public, max-age=300')
        .header('vary', 'Accept-Language')
        .header('content-language', order[0]!)
        .type('image/svg+xml; charset=utf-8')
        .send(renderBrandBadge(verification, name, order[0]!));
    },
  });
};

const JwkSchema = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().max(64).describe('The public key, base64url'),
    kid: z.string().max(32).describe('The `keyId` that certificates name'),
    alg: z.literal('EdDSA'),
    use: z.literal('sig'),
  })
  .meta({ id: 'BrandKey' });

/**
 * The public keys that verify certificates and badges, at well-known addresses: the current key,
 * and the set of every key certificates were signed with (a JWK Set), so that a badge signed before
 * the key changed still verifies by its `keyId`.
 */
export const brandKeyRoutes: FastifyPluginAsyncZod<{ signingKey: string | undefined }> = async (app, { signingKey }) => {
  const brand = createBrandService(app.db, { clock: app.clock, signingKey });
  const publicCaching = (reply: FastifyReply) =>
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=3600');
  app.get('/.well-known/euregionet-brand-key', {
    config: { access: { public: true } },
    schema: {
      operationId: 'getBrandKey',
      summary: 'The Ed25519 public key of brand certificates: a JWK as JSON (default) or PEM (`Accept: application/x-pem-file`)',
      tags: ['brand'],
      response: {
        200: {
          description: 'The key',
          content: {
            'application/json': { schema: JwkSchema },
            'application/x-pem-file': { schema: z.string().max(200) },
          },
        },
        ...apiErrors(),
      },
    },
    handler: async (request, reply) => {
      const key = await brand.publicKey();
      void publicCaching(reply).header('vary', 'Accept');
      if (new Negotiator(request.raw).mediaType(['application/json', 'application/x-pem-file']) === 'application/x-pem-file') {
        return reply.type('application/x-pem-file').send(key.publicPem);
      }
      return reply.type('application/json').send(key.jwk);
    },
  });
  app.get('/.well-known/euregionet-brand-keys', {
    config: { access: { public: true } },
    schema: {
      operationId: 'getBrandKeySet',
      summary: 'Every Ed25519 key brand certificates were signed with (a JWK Set, RFC 7517): the current one first',
      tags: ['brand'],
      response: {
        200: {
          description: 'The key set',
          content: { 'application/jwk-set+json': { schema: z.object({ keys: z.array(JwkSchema).max(100) }) } },
        },
        ...apiErrors(),
      },
    },
    handler: async (_request, reply) => {
      void publicCaching(reply);
      return reply.type('application/jwk-set+json').send({ keys: await brand.keySet() });
    },
  });
};

/** The brand round (renewal reminders) on a timer, on the app's clock. */
export const brandRoundPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const intervalMs = config.brand.roundIntervalMs;
    if (!intervalMs) return;
    const brand = createBrandService(app.db, { clock: app.clock });
    let timer: NodeJS.Timeout | undefined;
    let round: Promise<unknown> | undefined;
    let stopped = false;
    const tick = () => {
      round = brand
        .dailyRound()
        .then((done) => app.log.info(done, 'brand round'))
        .catch((err: unknown) => app.log.warn({ err }, 'brand round failed'))
        .finally(() => {
          round = undefined;
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    app.addHook('onReady', async () => {
      timer = setTimeout(tick, 1000);
    });
    app.addHook('preClose', async () => {
      stopped = true;
      clearTimeout(timer);
      await round;
    });
  },
  { name: 'brand-round', dependencies: ['database'] },
);
