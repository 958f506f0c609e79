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
  IdParamsSchema,
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
import { sendPage } from '../../html-page.js';
import { apiErrors, etagOf, IfMatchHeadersSchema, versionFromIfMatch } from '../../http.js';
import { PORTALS, READERS, STAFF } from '../auth/access.js';
import { contextOf } from '../auth/auth.plugin.js';
import { languagesOf } from '../public/languages.js';
import { restrictCors } from '../public/portal-cors.js';
import { renderBrandBadge, renderVerificationPage } from './brand.render.js';
import { BADGE_MAX } from '../public/badge.js';
import type { FileStore } from '../files/file-store.js';
import { createBrandService } from './brand.service.js';

/** Who sets the brand's rules and acts on awards: coordinators and administrators. */
const DECIDERS: readonly Role[] = ['admin', 'coordinator'];

const baseUrlOf = (request: { protocol: string; host: string }) => `${request.protocol}://${request.host}`;

/**
 * Staff routes of the brand: criteria versions (coordinators and administrators), applications
 * (staff of the cluster's partner apply; a coordinator of another partner decides), awards and
 * their state, and the figures for the indicators.
 */
export const brandRoutes: FastifyPluginAsyncZod<{ signingKey: string | undefined }> = async (app, { signingKey }) => {
  const brand = createBrandService(app.db, { clock: app.clock, signingKey });
  const tags = ['brand'];

  app.get('/brand/criteria', {
    config: { access: STAFF },
    schema: {
      operationId: 'listBrandCriteria',
      summary: 'Versions of the brand criteria, newest first',
      tags,
      response: { 200: BrandCriteriaListSchema, ...apiErrors() },
    },
    handler: async () => ({ items: await brand.listCriteria() }),
  });

  app.post('/brand/criteria', {
    config: { access: { roles: DECIDERS } },
    schema: {
      operationId: 'createBrandCriteria',
      summary: 'Start the next version of the brand criteria (a draft)',
      tags,
      body: BrandCriteriaCreateSchema,
      response: { 201: BrandCriteriaSchema, ...apiErrors(409, 413, 415) },
    },
    handler: async (request, reply) => {
      const criteria = await brand.createCriteria(contextOf(request), request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/brand/criteria/${criteria.id}`)
        .header('etag', etagOf(criteria.version))
        .send(criteria);
    },
  });

  app.get('/brand/criteria/:id', {
    config: { access: STAFF },
    schema: {
      operationId: 'getBrandCriteria',
      summary: 'One version of the brand criteria',
      tags,
      params: IdParamsSchema,
      response: { 200: BrandCriteriaSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const criteria = await brand.getCriteria(request.params.id);
      return reply.header('etag', etagOf(criteria.version)).send(criteria);
    },
  });

  app.patch('/brand/criteria/:id', {
    config: { access: { roles: DECIDERS } },
    schema: {
      operationId: 'updateBrandCriteria',
      summary: 'Change a draft version (needs If-Match); published versions are frozen',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: BrandCriteriaUpdateSchema,
      response: { 200: BrandCriteriaSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const criteria = await brand.updateCriteria(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(criteria.version)).send(criteria);
    },
  });

  app.post('/brand/criteria/:id/publish', {
    config: { access: { roles: DECIDERS } },
    schema: {
      operationId: 'publishBrandCriteria',
      summary: 'Publish a draft (needs If-Match): it is frozen, and new applications are checked against it',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      response: { 200: BrandCriteriaSchema, ...apiErrors(404, 409, 412, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const criteria = await brand.publishCriteria(contextOf(request), request.params.id, version);
      return reply.header('etag', etagOf(criteria.version)).send(criteria);
    },
  });

  app.get('/brand/check', {
    config: { access: STAFF },
    schema: {
      operationId: 'checkBrand',
      summary: 'The live check of a cluster against the current criteria, with the evidence',
      tags,
      querystring: z.strictObject({ clusterId: IdSchema }),
      response: { 200: BrandCheckSchema, ...apiErrors(404, 409) },
    },
    handler: async (request) => brand.check(request.query.clusterId),
  });

  app.get('/brand/applications', {
    config: { access: STAFF },
    schema: {
      operationId: 'listBrandApplications',
      summary: 'Applications for the brand, newest first',
      tags,
      querystring: BrandApplicationListQuerySchema,
      response: { 200: BrandApplicationPageSchema, ...apiErrors() },
    },
    handler: async (request) => brand.listApplications(request.query),
  });

  app.post('/brand/applications', {
    config: { access: { roles: EDITORS } },
    schema: {
      operationId: 'createBrandApplication',
      summary: 'Apply for the brand for a cluster (staff of its supporting partner); the check is stored with it',
      tags,
      body: BrandApplicationCreateSchema,
      response: { 201: BrandApplicationSchema, ...apiErrors(404, 409, 413, 415) },
    },
    handler: async (request, reply) => {
      const application = await brand.apply(contextOf(request), request.body.clusterId);
      return reply
        .status(201)
        .header('location', `/api/v1/brand/applications/${application.id}`)
        .header('etag', etagOf(application.version))
        .send(application);
    },
  });

  app.get('/brand/applications/:id', {
    config: { access: STAFF },
    schema: {
      operationId: 'getBrandApplication',
      summary: 'One application with its check',
      tags,
      params: IdParamsSchema,
      response: { 200: BrandApplicationSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const application = await brand.getApplication(request.params.id);
      return reply.header('etag', etagOf(application.version)).send(application);
    },
  });

  app.post('/brand/applications/:id/decision', {
    config: { access: { roles: DECIDERS } },
    schema: {
      operationId: 'decideBrandApplication',
      summary: 'Approve or reject, with a reason (needs If-Match); a coordinator of another partner than the applicant’s',
      description: 'An approval checks again and needs every criterion met (`422 BRAND_CRITERIA_NOT_MET`); it makes the award.',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: BrandDecisionSchema,
      response: { 200: BrandApplicationSchema, ...apiErrors(404, 409, 412, 413, 415, 422, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const application = await brand.decide(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(application.version)).send(application);
    },
  });

  app.get('/brand/awards', {
    config: { access: STAFF },
    schema: {
      operationId: 'listBrandAwards',
      summary: 'Awards of the brand, newest first; filter by validity (valid, expired, suspended, revoked)',
      tags,
      querystring: BrandAwardListQuerySchema,
      response: { 200: BrandAwardPageSchema, ...apiErrors() },
    },
    handler: async (request) => brand.listAwards(request.query),
  });

  app.get('/brand/awards/:id', {
    config: { access: STAFF },
    schema: {
      operationId: 'getBrandAward',
      summary: 'One award',
      tags,
      params: IdParamsSchema,
      response: { 200: BrandAwardSchema, ...apiErrors(404) },
    },
    handler: async (request, reply) => {
      const award = await brand.getAward(request.params.id);
      return reply.header('etag', etagOf(award.version)).send(award);
    },
  });

  app.post('/brand/awards/:id/actions', {
    config: { access: { roles: DECIDERS } },
    schema: {
      operationId: 'changeBrandAward',
      summary: 'Suspend, reinstate or revoke an award, with a reason (needs If-Match)',
      tags,
      params: IdParamsSchema,
      headers: IfMatchHeadersSchema,
      body: BrandAwardActionSchema,
      response: { 200: BrandAwardSchema, ...apiErrors(404, 409, 412, 413, 415, 428) },
    },
    handler: async (request, reply) => {
      const version = versionFromIfMatch(request.headers['if-match']);
      const award = await brand.act(contextOf(request), request.params.id, version, request.body);
      return reply.header('etag', etagOf(award.version)).send(award);
    },
  });

  app.get('/brand/figures', {
    config: { access: READERS },
    schema: {
      operationId: 'getBrandFigures',
      summary: 'Clusters holding the brand today, awards and renewals per year',
      tags,
      response: { 200: BrandFiguresSchema, ...apiErrors() },
    },
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

  app.addHook('onSend', async (request, reply, payload) => {
    restrictCors(request, reply);
    return payload;
  });

  app.get('/public/brand', {
    config: { access: PORTALS },
    schema: {
      operationId: 'listBrandHolders',
      summary: 'Clusters that hold the brand today, with level and validity, for portals’ brand pages',
      tags,
      querystring: PublicLangQuerySchema,
      response: { 200: BrandHolderListSchema, ...apiErrors() },
    },
    handler: async (request) => ({ items: await brand.holders(languagesOf(request), baseUrlOf(request)) }),
  });

  app.get('/public/brand/assets', {
    config: { access: { public: true } },
    schema: {
      operationId: 'getBrandAssets',
      summary: 'The brand’s logo files and usage guidelines, to download without a key',
      description:
        'The files of the newest published criteria version that has any; each `url` downloads without a key. `guidelines` is the publication with the usage guidelines (read with a portal key).',
      tags,
      response: { 200: BrandAssetsSchema, ...apiErrors() },
    },
    handler: async (request) => brand.assets(baseUrlOf(request)),
  });

  app.get('/public/brand/:ref', {
    config: { access: { public: true } },
    schema: {
      operationId: 'verifyBrand',
      summary: 'Does a cluster hold the brand? By certificate number or slug; no key needed',
      description:
        'JSON by default; `Accept: text/html` gets the verification page (de/pl/en by `?lang=` or Accept-Language). `payload` is signed with Ed25519 (`signature`, base64url); the public key is at `/.well-known/euregionet-brand-key`.',
      tags,
      params: BrandVerifyParamsSchema,
      querystring: PublicLangQuerySchema,
      response: {
        200: {
          description: 'The certificate and its signature, or the HTML page',
          content: { 'application/json': { schema: BrandVerificationSchema }, 'text/html': { schema: z.string().max(200_000) } },
        },
        ...apiErrors(404),
      },
    },
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
    config: { access: { public: true } },
    schema: {
      operationId: 'getBrandBadge',
      summary: 'The signed badge of an award (SVG): validity, or expired / suspended / revoked; no key needed',
      tags,
      params: BrandVerifyParamsSchema,
      querystring: PublicLangQuerySchema,
      response: {
        200: { description: 'The badge', content: { 'image/svg+xml': { schema: z.string().max(BADGE_MAX) } } },
        ...apiErrors(404),
      },
    },
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
