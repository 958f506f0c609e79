import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as ed from '@noble/ed25519';
import { sql } from 'drizzle-orm';
import type {
  AuditPage,
  BrandApplication,
  BrandAssets,
  BrandAward,
  BrandCheck,
  BrandCriteria,
  BrandFigures,
  BrandHolderList,
  BrandVerification,
  ClusterDetail,
  ClusterPage,
  Evaluation,
  EvaluationFramework,
  Import,
  OutboxPage,
  Problem,
  PublicClusterDetail,
  PublicClusterPage,
  PublicFacets,
  StoredFile,
} from '@euregionet/shared';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { fixedClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { queryRows } from '../../db/client.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { TINY_PNG } from '../../test/files.js';
import { createBrandService } from './brand.service.js';
import { fourCriteriaFrameworkBody, publishedFramework } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
/** BIC's staff: BIC supports the clusters that apply. */
let bicConsultant: Principal;
let bicCoordinator: Principal;
/** Another partner's coordinator: decides (four-eyes). */
let lopCoordinator: Principal;
let lopConsultant: Principal;
let framework: EvaluationFramework;
let criteria: BrandCriteria;
/** Meets every condition: evaluation of 2025-01-15 scoring 65.6 overall, 1 of 4 members in Poland. */
let strong: ClusterDetail;
/** All members in Germany and never evaluated. */
let weak: ClusterDetail;

const problem = (res: { statusCode: number; body: string }) => [res.statusCode, json<Problem>(res).code];

async function cluster(slug: string, name: string, countries: ('DE' | 'PL')[]): Promise<ClusterDetail> {
  const created = await ok<ClusterDetail>(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: {
        slug,
        kind: 'cluster',
        name: { de: `${name} (de)`, pl: `${name} (pl)`, en: `${name} (en)` },
        description: { de: 'Beschreibung', pl: 'Opis', en: 'Description' },
        regions: ['DE403'],
        partner: 'BIC',
        published: true,
      },
    }),
    201,
  );
  for (const [i, country] of countries.entries()) {
    const organisation = await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: {
          name: `${slug} member ${i}`,
          type: 'sme',
          country,
          region: country === 'PL' ? 'PL431' : 'DE403',
          languages: country === 'PL' ? ['pl', 'de'] : ['de'],
          contacts: i === 0 ? [{ name: 'Anna Nowak', email: `contact@${slug}.example` }] : [],
        },
      }),
      201,
    );
    await ok(
      await admin.inject({
        method: 'PUT',
        url: `/api/v1/clusters/${created.id}/members/${organisation.id}`,
        payload: { role: i === 0 ? 'coordinator' : 'member' },
      }),
      201,
    );
  }
  return ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${created.id}` }));
}

/** An approved evaluation: written by BIC's consultant, approved by BIC's coordinator. */
async function approvedEvaluation(clusterId: string, evaluatedOn: string, scores: [number, number, number, number]) {
  const [a, b, c, d] = scores;
  const e = await ok<Evaluation>(
    await bicConsultant.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: {
        clusterId,
        frameworkId: framework.id,
        evaluatedOn,
        answers: {
          'structure.members': { score: a },
          'structure.smes': { score: b },
          'strategy.written': { score: c },
          'strategy.services': { score: d },
        },
      },
    }),
    201,
  );
  for (const [who, action] of [
    [bicConsultant, 'submit'],
    [bicCoordinator, 'approve'],
  ] as const) {
    const etag = (await admin.inject({ method: 'GET', url: `/api/v1/evaluations/${e.id}` })).headers.etag as string;
    await ok(await who.inject({ method: 'POST', url: `/api/v1/evaluations/${e.id}/${action}`, headers: { 'if-match': etag } }));
  }
}

const db = () => t.database.db;

async function etagOf(url: string) {
  return (await admin.inject({ method: 'GET', url })).headers.etag as string;
}

async function decide(
  as: Principal,
  id: string,
  decision: 'approve' | 'reject',
  reason = 'Criteria checked against the evaluation report',
) {
  return as.inject({
    method: 'POST',
    url: `/api/v1/brand/applications/${id}/decision`,
    headers: { 'if-match': await etagOf(`/api/v1/brand/applications/${id}`) },
    payload: { decision, reason },
  });
}

/** Another app on the same database whose clock stands on another day. */
async function appOn(instant: string): Promise<FastifyInstance> {
  // The test app owns the database: this one must not close it.
  const database = { ...t.database, close: async () => undefined };
  const app = await buildApp({ config: t.config, database, clock: fixedClock(instant) });
  await app.ready();
  return app;
}

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  admin = await t.admin();
  bicConsultant = await t.staff('consultant', 'BIC');
  bicCoordinator = await t.staff('coordinator', 'BIC');
  lopCoordinator = await t.staff('coordinator', 'LOP');
  lopConsultant = await t.staff('consultant', 'LOP');
  framework = await publishedFramework(admin, fourCriteriaFrameworkBody('brand-test', 'Brand test framework'));
  strong = await cluster('oder-optik', 'Oder <Optik> & Co', ['DE', 'DE', 'DE', 'PL']);
  weak = await cluster('spree-holz', 'Spree Holz', ['DE', 'DE']);
  // Structure (4, 3) → (100 + 75) / 2 = 87.5; strategy (2 ×3, 1 ×1) → (3·50 + 25) / 4 = 43.75;
  // overall (87.5 + 43.75) / 2 = 65.625 → 65.6.
  await approvedEvaluation(strong.id, '2025-01-15', [4, 3, 2, 1]);
});
afterAll(() => t.close());

describe('criteria versions', () => {
  it('coordinators draft, edit and publish; a published version is frozen in the API and in SQL', async () => {
    expect(
      problem(
        await bicConsultant.inject({
          method: 'POST',
          url: '/api/v1/brand/criteria',
          payload: { name: { en: 'x' }, text: {}, conditions: { evaluationMaxAgeMonths: 24 } },
        }),
      ),
    ).toEqual([403, 'FORBIDDEN']);
    const draft = await ok<BrandCriteria>(
      await bicCoordinator.inject({
        method: 'POST',
        url: '/api/v1/brand/criteria',
        payload: {
          name: { de: 'Kriterien der Clustermarke', pl: 'Kryteria marki klastrów', en: 'Cluster brand criteria' },
          text: {
            de: 'Evaluierung, Grenzüberschreitung, Profil',
            pl: 'Ewaluacja, transgraniczność, profil',
            en: 'Evaluation, cross-border, profile',
          },
          conditions: { evaluationMaxAgeMonths: 24, minOverall: 70, minDimensions: { strategy: 40 }, minCrossBorderShare: 20 },
          levels: [
            { key: 'bronze', label: { en: 'Bronze' }, minOverall: 50 },
            { key: 'silver', label: { en: 'Silver' }, minOverall: 65 },
            { key: 'gold', label: { en: 'Gold' }, minOverall: 80 },
          ],
        },
      }),
      201,
    );
    expect(draft).toMatchObject({ number: 1, status: 'draft', validityMonths: 24, publishedAt: null });
    expect(
      problem(
        await bicCoordinator.inject({
          method: 'POST',
          url: '/api/v1/brand/criteria',
          payload: { name: { en: 'x' }, text: {}, conditions: { evaluationMaxAgeMonths: 24 } },
        }),
      ),
    ).toEqual([409, 'BRAND_CRITERIA_DRAFT_EXISTS']);
    // No published criteria yet: no check, no application.
    expect(problem(await bicConsultant.inject({ method: 'GET', url: `/api/v1/brand/check?clusterId=${strong.id}` }))).toEqual([
      409,
      'BRAND_CRITERIA_NOT_PUBLISHED',
    ]);
    const edited = await ok<BrandCriteria>(
      await bicCoordinator.inject({
        method: 'PATCH',
        url: `/api/v1/brand/criteria/${draft.id}`,
        headers: { 'if-match': `"v${draft.version}"` },
        payload: { conditions: { evaluationMaxAgeMonths: 24, minOverall: 60, minDimensions: { strategy: 40 }, minCrossBorderShare: 20 } },
      }),
    );
    criteria = await ok<BrandCriteria>(
      await lopCoordinator.inject({
        method: 'POST',
        url: `/api/v1/brand/criteria/${draft.id}/publish`,
        headers: { 'if-match': `"v${edited.version}"` },
      }),
    );
    expect(criteria).toMatchObject({ status: 'published', publishedAt: expect.stringMatching(/^2026-06-03T08:00:00\./) });
    expect(criteria.conditions.minOverall).toBe(60);
    expect(
      problem(
        await bicCoordinator.inject({
          method: 'PATCH',
          url: `/api/v1/brand/criteria/${draft.id}`,
          headers: { 'if-match': `"v${criteria.version}"` },
          payload: { validityMonths: 36 },
        }),
      ),
    ).toEqual([409, 'BRAND_CRITERIA_NOT_DRAFT']);
    const refused = await t.database.db
      .execute(sql`UPDATE brand_criteria SET validity_months = 36 WHERE id = ${draft.id}`)
      .catch((e: Error) => e);
    expect((refused as Error & { cause?: Error }).cause?.message).toBe('brand criteria version 1 is published and cannot change');
  });
});

describe('the live check', () => {
  it('checks the seeded evaluation and memberships and shows the evidence', async () => {
    const check = await ok<BrandCheck>(await bicConsultant.inject({ method: 'GET', url: `/api/v1/brand/check?clusterId=${strong.id}` }));
    expect([check.met, check.level, check.checkedOn]).toEqual([true, 'silver', '2026-06-03']);
    expect(check.items.map((i) => [i.kind, i.dimension, i.met, i.required, i.actual])).toEqual([
      ['evaluation', null, true, '2024-06-03', '2025-01-15'],
      ['overall', null, true, 60, 65.6],
      ['dimension', 'strategy', true, 40, 43.8],
      ['crossBorder', null, true, 20, 25],
      ['profile', null, true, 'de,pl,en', 'de,pl,en'],
    ]);
    expect(check.facts).toMatchObject({ memberCount: 4, crossBorderShare: 25, published: true, missingTranslations: [] });
  });

  it('names what a cluster without an evaluation and without foreign members lacks', async () => {
    const check = await ok<BrandCheck>(await bicConsultant.inject({ method: 'GET', url: `/api/v1/brand/check?clusterId=${weak.id}` }));
    expect(check.met).toBe(false);
    expect(check.items.filter((i) => !i.met).map((i) => [i.kind, i.actual])).toEqual([
      ['evaluation', null],
      ['overall', null],
      ['dimension', null],
      ['crossBorder', 0],
    ]);
  });
});

let application: BrandApplication;
let award: BrandAward;

describe('application and four-eyes decision', () => {
  it('only staff of the cluster’s supporting partner apply; one open application per cluster', async () => {
    expect(
      problem(await lopConsultant.inject({ method: 'POST', url: '/api/v1/brand/applications', payload: { clusterId: strong.id } })),
    ).toEqual([403, 'FORBIDDEN']);
    application = await ok<BrandApplication>(
      await bicConsultant.inject({ method: 'POST', url: '/api/v1/brand/applications', payload: { clusterId: strong.id } }),
      201,
    );
    expect(application).toMatchObject({ status: 'pending', partner: 'BIC', criteriaNumber: 1, applicantId: bicConsultant.id });
    expect(application.check.met).toBe(true);
    expect(
      problem(await bicCoordinator.inject({ method: 'POST', url: '/api/v1/brand/applications', payload: { clusterId: strong.id } })),
    ).toEqual([409, 'BRAND_APPLICATION_PENDING']);
  });

  it('the applicant’s partner cannot decide, neither its coordinator nor an administrator of it; a consultant never', async () => {
    expect(problem(await decide(bicCoordinator, application.id, 'approve'))).toEqual([403, 'BRAND_FOUR_EYES_REQUIRED']);
    expect(problem(await decide(admin, application.id, 'approve'))).toEqual([403, 'BRAND_FOUR_EYES_REQUIRED']);
    expect(problem(await decide(bicConsultant, application.id, 'approve'))).toEqual([403, 'FORBIDDEN']);
    expect(problem(await decide(lopConsultant, application.id, 'approve'))).toEqual([403, 'FORBIDDEN']);
    expect(
      (await ok<BrandApplication>(await admin.inject({ method: 'GET', url: `/api/v1/brand/applications/${application.id}` }))).status,
    ).toBe('pending');
  });

  it('another partner’s coordinator approves with a reason: an award with level, two years’ validity and a certificate number', async () => {
    const decided = await ok<BrandApplication>(
      await decide(lopCoordinator, application.id, 'approve', 'Evaluation of January 2025 and members in Lubuskie'),
    );
    expect(decided).toMatchObject({
      status: 'approved',
      decidedBy: lopCoordinator.id,
      reason: 'Evaluation of January 2025 and members in Lubuskie',
    });
    award = await ok<BrandAward>(await admin.inject({ method: 'GET', url: `/api/v1/brand/awards/${decided.awardId}` }));
    expect(award).toMatchObject({
      certificateNumber: 'EURN-B-2026-0001',
      clusterId: strong.id,
      level: 'silver',
      levelLabel: { en: 'Silver' },
      criteriaNumber: 1,
      validFrom: '2026-06-03',
      validUntil: '2028-06-02',
      state: 'active',
      validity: 'valid',
    });
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${strong.id}` }))).brand).toBe(true);
    expect(problem(await decide(lopCoordinator, application.id, 'reject'))).toEqual([409, 'BRAND_APPLICATION_DECIDED']);
    const trail = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=brand_award&entityId=${award.id}` }),
    );
    expect(trail.items.map((e) => e.action)).toEqual(['create']);
    const decision = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=brand_application&entityId=${application.id}` }),
    );
    expect(decision.items.map((e) => [e.action, e.actorId])).toEqual([
      ['update', lopCoordinator.id],
      ['create', bicConsultant.id],
    ]);
  });

  it('an approval needs every criterion met; a rejection with a reason closes the application', async () => {
    const weakApplication = await ok<BrandApplication>(
      await bicConsultant.inject({ method: 'POST', url: '/api/v1/brand/applications', payload: { clusterId: weak.id } }),
      201,
    );
    expect(problem(await decide(lopCoordinator, weakApplication.id, 'approve'))).toEqual([422, 'BRAND_CRITERIA_NOT_MET']);
    const rejected = await ok<BrandApplication>(await decide(lopCoordinator, weakApplication.id, 'reject', 'No evaluation yet'));
    expect(rejected).toMatchObject({ status: 'rejected', awardId: null, reason: 'No evaluation yet' });
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${weak.id}` }))).brand).toBe(false);
  });
});

async function publicKey(): Promise<Uint8Array> {
  const res = await t.anonymous.inject({ method: 'GET', url: '/.well-known/euregionet-brand-key' });
  expect(res.statusCode).toBe(200);
  const jwk = json<{ kty: string; crv: string; x: string }>(res);
  expect([jwk.kty, jwk.crv]).toEqual(['OKP', 'Ed25519']);
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

const verifies = async (signature: string, payload: string) =>
  ed.verifyAsync(new Uint8Array(Buffer.from(signature, 'base64url')), new TextEncoder().encode(payload), await publicKey());

/** The signed certificate a badge carries in its metadata. */
function badgeCertificate(svg: string) {
  const m = /<metadata id="euregionet-brand-certificate" data-key-id="[^"]*" data-signature="([^"]+)">([^<]*)<\/metadata>/.exec(svg);
  expect(m).not.toBeNull();
  const payload = m![2]!
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&#39;', "'");
  return { signature: m![1]!, payload };
}

describe('verification anyone can do', () => {
  it('answers by certificate number and by slug without a key, signed with the published key', async () => {
    for (const ref of ['EURN-B-2026-0001', 'oder-optik']) {
      const v = await ok<BrandVerification>(await t.anonymous.inject({ method: 'GET', url: `/api/v1/public/brand/${ref}` }));
      expect(v).toMatchObject({
        certificate: 'EURN-B-2026-0001',
        holder: { slug: 'oder-optik', name: { en: 'Oder <Optik> & Co (en)' } },
        level: 'silver',
        criteriaVersion: 1,
        validFrom: '2026-06-03',
        validUntil: '2028-06-02',
        status: 'valid',
        checkedOn: '2026-06-03',
      });
      expect(JSON.parse(v.payload)).toEqual({
        certificate: 'EURN-B-2026-0001',
        holder: { slug: 'oder-optik', name: { de: 'Oder <Optik> & Co (de)', pl: 'Oder <Optik> & Co (pl)', en: 'Oder <Optik> & Co (en)' } },
        level: 'silver',
        criteriaVersion: 1,
        validFrom: '2026-06-03',
        validUntil: '2028-06-02',
        status: 'valid',
        checkedOn: '2026-06-03',
      });
      expect(await verifies(v.signature, v.payload)).toBe(true);
      // A changed byte no longer verifies.
      expect(await verifies(v.signature, v.payload.replace('2028-06-02', '2029-06-02'))).toBe(false);
    }
    expect(problem(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/spree-holz' }))).toEqual([
      404,
      'BRAND_CERTIFICATE_NOT_FOUND',
    ]);
  });

  it('serves the PEM key too, the same key', async () => {
    const res = await t.anonymous.inject({
      method: 'GET',
      url: '/.well-known/euregionet-brand-key',
      headers: { accept: 'application/x-pem-file' },
    });
    expect(res.body).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const { createPublicKey } = await import('node:crypto');
    const x = createPublicKey(res.body).export({ format: 'jwk' }).x!;
    expect(new Uint8Array(Buffer.from(x, 'base64url'))).toEqual(await publicKey());
  });

  it('shows an escaped HTML page in the language asked for, under a strict CSP', async () => {
    const res = await t.anonymous.inject({
      method: 'GET',
      url: '/api/v1/public/brand/EURN-B-2026-0001?lang=pl',
      headers: { accept: 'text/html' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<html lang="pl">');
    expect(res.body).toContain('Weryfikacja marki klastrów');
    expect(res.body).toContain('Oder &lt;Optik&gt; &amp; Co (pl)');
    expect(res.body).not.toContain('<Optik>');
    expect(res.body).toContain('<span class="status valid">ważny</span>');
  });

  it('has a badge that shows the validity and carries the signed certificate', async () => {
    const res = await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001/badge.svg?lang=de' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toContain('data-status="valid"');
    expect(res.body).toContain('Deutsch-polnische Clustermarke');
    expect(res.body).toContain('gültig bis 2028-06-02');
    expect(res.body).toContain('href="http://localhost:80/api/v1/public/brand/EURN-B-2026-0001"');
    const { signature, payload } = badgeCertificate(res.body);
    expect(JSON.parse(payload)).toMatchObject({ certificate: 'EURN-B-2026-0001', status: 'valid' });
    expect(await verifies(signature, payload)).toBe(true);
  });

  it('lists current holders for portals with a public:read key only', async () => {
    expect((await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand' })).statusCode).toBe(401);
    const portal = await t.apiKey(['public:read']);
    const list = await ok<BrandHolderList>(await portal.inject({ method: 'GET', url: '/api/v1/public/brand?lang=pl' }));
    expect(list.items.map((h) => [h.certificate, h.slug, h.name, h.level, h.validFrom, h.validUntil])).toEqual([
      ['EURN-B-2026-0001', 'oder-optik', 'Oder <Optik> & Co (pl)', 'silver', '2026-06-03', '2028-06-02'],
    ]);
  });
});

describe('the brand is never a field of the cluster', () => {
  it('refuses `brand` in a cluster’s create and update like any unknown field', async () => {
    const create = await bicConsultant.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { slug: 'selbst-ernannt', kind: 'cluster', name: { de: 'Selbst ernannt' }, regions: ['DE403'], partner: 'BIC', brand: true },
    });
    expect(problem(create)).toEqual([400, 'VALIDATION_FAILED']);
    expect(json<Problem>(create).errors?.map((e) => e.pointer)).toEqual(['/body']);
    expect((await admin.inject({ method: 'GET', url: '/api/v1/clusters?q=selbst' })).body).not.toContain('selbst-ernannt');
    const url = `/api/v1/clusters/${weak.id}`;
    const update = await bicConsultant.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': await etagOf(url) },
      payload: { brand: true },
    });
    expect(problem(update)).toEqual([400, 'VALIDATION_FAILED']);
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url }))).brand).toBe(false);
  });

  it('ignores a brand column in an import, CSV or JSON: the imported cluster holds no brand', async () => {
    const imported = async (type: string, payload: string) =>
      ok<Import>(
        await bicConsultant.inject({
          method: 'POST',
          url: '/api/v1/imports/entities/clusters',
          headers: { 'content-type': type },
          payload,
        }),
      );
    const fromCsv = await imported(
      'text/csv',
      'source,externalId,kind,name.de,regions,partner,published,brand,Marke\r\ncrm-brand,b1,cluster,Marke per CSV,DE403,BIC,true,true,ja\r\n',
    );
    expect([fromCsv.counts.created, fromCsv.ignoredColumns]).toEqual([1, ['brand', 'Marke']]);
    const fromJson = await imported(
      'application/json',
      JSON.stringify([
        {
          source: 'crm-brand',
          externalId: 'b2',
          kind: 'cluster',
          name: { de: 'Marke per JSON' },
          regions: ['DE403'],
          partner: 'BIC',
          brand: true,
        },
      ]),
    );
    expect([fromJson.counts.created, fromJson.ignoredColumns]).toEqual([1, ['brand']]);
    const rows = await queryRows<{ slug: string; awards: number }>(
      t.database.db,
      sql`SELECT c.slug, (SELECT count(*)::int FROM brand_awards a WHERE a.cluster_id = c.id) AS awards
            FROM clusters c WHERE c.source = 'crm-brand' ORDER BY c.external_id`,
    );
    expect(rows).toEqual([
      { slug: 'marke-per-csv', awards: 0 },
      { slug: 'marke-per-json', awards: 0 },
    ]);
    const listed = await ok<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?q=marke%20per&limit=100' }));
    expect(listed.items.map((c) => [c.slug, c.brand]).sort()).toEqual([
      ['marke-per-csv', false],
      ['marke-per-json', false],
    ]);
  });
});

describe('expiry and reminders', () => {
  it('reminds the contact once, in their language, 90 days before the end', async () => {
    // 90 days before 2 June 2028 is 4 March (29 days of February 2028).
    expect(await createBrandService(t.database.db, { clock: fixedClock('2028-03-03T08:00:00Z') }).dailyRound()).toEqual({ reminded: 0 });
    const service = createBrandService(t.database.db, { clock: fixedClock('2028-03-04T08:00:00Z') });
    expect(await service.dailyRound()).toEqual({ reminded: 1 });
    expect(await service.dailyRound()).toEqual({ reminded: 0 });
    const outbox = await ok<OutboxPage>(await admin.inject({ method: 'GET', url: '/api/v1/outbox' }));
    const reminders = outbox.items.filter((m) => m.kind === 'brand_renewal_reminder');
    // The coordinating member is the first, in Germany, working in German.
    expect(reminders.map((m) => [m.recipient, m.language, m.subject])).toEqual([
      ['contact@oder-optik.example', 'de', 'Clustermarke: Oder <Optik> & Co (de) – Verlängerung bis 2028-06-02 beantragen'],
    ]);
    // Signed as every other e-mail of the platform.
    expect(reminders[0]!.body).toMatch(/Evaluierung\.\n\nMit freundlichen Grüßen\nIhr EuRegioNet-Team\nINTERREG V A Brandenburg–Polska$/);
  });

  it('after the last day: expired in verification and badge, gone from holders, and no longer the brand anywhere', async () => {
    const lastDay = await appOn('2028-06-02T20:00:00Z');
    const later = await appOn('2028-06-03T08:00:00Z');
    try {
      const v = json<BrandVerification>(await later.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001' }));
      expect([v.status, v.checkedOn]).toEqual(['expired', '2028-06-03']);
      expect(await verifies(v.signature, v.payload)).toBe(true);
      const badge = await later.inject({ method: 'GET', url: '/api/v1/public/brand/oder-optik/badge.svg?lang=en' });
      expect(badge.body).toContain('data-status="expired"');
      expect(badge.body).toContain('Polish–German Cluster Brand: expired');
      expect(badge.body).not.toContain('valid until');
      const portal = await t.apiKey(['public:read']);
      expect(
        json<BrandHolderList>(await later.inject({ method: 'GET', url: '/api/v1/public/brand', headers: portal.headers })).items,
      ).toEqual([]);
      // The cluster's brand is read on the day asked, with no round run in between: on the last
      // day (22:00 in Berlin) it still holds it, the day after it no longer does.
      for (const [app, holds] of [
        [lastDay, true],
        [later, false],
      ] as const) {
        const get = async <T>(url: string, headers: Record<string, string>) => ok<T>(await app.inject({ method: 'GET', url, headers }));
        expect((await get<ClusterDetail>(`/api/v1/clusters/${strong.id}`, admin.headers)).brand).toBe(holds);
        const listed = await get<ClusterPage>('/api/v1/clusters?brand=true&limit=100', admin.headers);
        expect(listed.items.map((c) => c.slug).includes('oder-optik')).toBe(holds);
        const profile = await get<PublicClusterDetail>('/api/v1/public/clusters/oder-optik', portal.headers);
        expect([profile.brand, profile.badgeUrl !== null]).toEqual([holds, holds]);
        const publicList = await get<PublicClusterPage>('/api/v1/public/clusters?brand=true&limit=100', portal.headers);
        expect(publicList.items.map((c) => c.slug).includes('oder-optik')).toBe(holds);
        // The only award of this file's published clusters is this one.
        const facets = await get<PublicFacets>('/api/v1/public/clusters/facets', portal.headers);
        expect(facets.facets.brand.find((f) => f.value === 'true')?.count ?? 0).toBe(holds ? 1 : 0);
        const oldBadge = await app.inject({ method: 'GET', url: '/api/v1/public/clusters/oder-optik/badge.svg' });
        expect(oldBadge.statusCode).toBe(holds ? 200 : 404);
      }
    } finally {
      await lastDay.close();
      await later.close();
    }
  });
});

describe('suspension and revocation', () => {
  it('a coordinator suspends and reinstates with a reason; revocation is final; badge and verification say so', async () => {
    const act = async (as: Principal, action: string, reason = 'Complaint about misuse of the logo') =>
      as.inject({
        method: 'POST',
        url: `/api/v1/brand/awards/${award.id}/actions`,
        headers: { 'if-match': await etagOf(`/api/v1/brand/awards/${award.id}`) },
        payload: { action, reason },
      });
    expect(problem(await act(bicConsultant, 'revoke'))).toEqual([403, 'FORBIDDEN']);
    expect(await ok<BrandAward>(await act(lopCoordinator, 'suspend'))).toMatchObject({
      state: 'suspended',
      validity: 'suspended',
      stateReason: 'Complaint about misuse of the logo',
    });
    expect(json<BrandVerification>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001' })).status).toBe(
      'suspended',
    );
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${strong.id}` }))).brand).toBe(false);
    expect((await ok<BrandAward>(await act(lopCoordinator, 'reinstate', 'Complaint resolved'))).validity).toBe('valid');
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${strong.id}` }))).brand).toBe(true);
    expect((await ok<BrandAward>(await act(lopCoordinator, 'revoke', 'Cluster dissolved'))).validity).toBe('revoked');
    expect(problem(await act(lopCoordinator, 'reinstate', 'Again'))).toEqual([409, 'BRAND_AWARD_TRANSITION_NOT_ALLOWED']);

    const v = json<BrandVerification>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/oder-optik' }));
    expect(v.status).toBe('revoked');
    expect(await verifies(v.signature, v.payload)).toBe(true);
    const badge = (await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001/badge.svg?lang=pl' })).body;
    expect(badge).toContain('data-status="revoked"');
    expect(badge).toContain('Polsko-niemiecka marka klastrów: odebrany');
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${strong.id}` }))).brand).toBe(false);
    const trail = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=brand_award&entityId=${award.id}` }),
    );
    expect(trail.items.map((e) => e.action)).toEqual(['revoke', 'update', 'update', 'create']);
  });
});

describe('brand assets', () => {
  /** A multipart/form-data body with one part `file`. */
  const multipart = (name: string, content: Buffer) => {
    const boundary = '----brand-asset-boundary';
    return {
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  };
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

  it('coordinators attach logo files to a criteria version; anyone downloads those of a published one; guidelines link a publication', async () => {
    const upload = (as: Principal, ownerId: string, name: string, content: Buffer) =>
      as.inject({ method: 'POST', url: `/api/v1/files?ownerType=brand_criteria&ownerId=${ownerId}`, ...multipart(name, content) });
    // Before any file: the published version, with nothing to download.
    expect(json<BrandAssets>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/assets' }))).toEqual({
      criteriaVersion: 1,
      files: [],
      guidelines: null,
    });
    expect(problem(await upload(bicConsultant, criteria.id, 'logo.png', TINY_PNG))).toEqual([403, 'FORBIDDEN']);
    const png = await ok<StoredFile>(await upload(lopCoordinator, criteria.id, 'marke-logo.png', TINY_PNG), 201);
    await ok<StoredFile>(await upload(admin, criteria.id, 'marke-logo.pdf', PDF), 201);

    // A draft version's files are for staff only.
    const draft = await ok<BrandCriteria>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/brand/criteria',
        payload: { name: { en: 'Next' }, text: {}, conditions: { evaluationMaxAgeMonths: 24 } },
      }),
      201,
    );
    const draftFile = await ok<StoredFile>(await upload(admin, draft.id, 'entwurf.png', TINY_PNG), 201);
    expect((await t.anonymous.inject({ method: 'GET', url: draftFile.url })).statusCode).toBe(404);

    // The guidelines: a publication, shown while it is published.
    const publication = await ok<{ id: string; slug: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/publications',
        payload: { kind: 'guide', slug: 'markenrichtlinien', title: { de: 'Richtlinien der Clustermarke' }, partner: 'BIC' },
      }),
      201,
    );
    await db().execute(sql`UPDATE brand_criteria SET guidelines_publication_id = ${publication.id} WHERE id = ${criteria.id}`);
    let assets = json<BrandAssets>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/assets' }));
    expect(assets.guidelines).toBeNull();
    await db().execute(sql`UPDATE publications SET status = 'published' WHERE id = ${publication.id}`);
    assets = json<BrandAssets>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/assets' }));
    expect(assets).toEqual({
      criteriaVersion: 1,
      files: [
        expect.objectContaining({ name: 'marke-logo.png', mediaType: 'image/png', url: `http://localhost:80/api/v1/files/${png.id}` }),
        expect.objectContaining({ name: 'marke-logo.pdf', mediaType: 'application/pdf', thumbnailUrl: null }),
      ],
      guidelines: {
        slug: 'markenrichtlinien',
        title: { de: 'Richtlinien der Clustermarke' },
        url: 'http://localhost:80/api/v1/public/publications/markenrichtlinien',
      },
    });
    const download = await t.anonymous.inject({ method: 'GET', url: `/api/v1/files/${png.id}` });
    expect([download.statusCode, download.headers['content-type']]).toEqual([200, 'image/png']);
    expect(download.rawPayload.equals(TINY_PNG)).toBe(true);
    const pdf = assets.files[1]!;
    expect((await t.anonymous.inject({ method: 'GET', url: new URL(pdf.url).pathname })).rawPayload.equals(PDF)).toBe(true);

    // Removing is the coordinators' too; the file is gone from the list.
    expect(problem(await bicConsultant.inject({ method: 'DELETE', url: `/api/v1/files/${png.id}` }))).toEqual([403, 'FORBIDDEN']);
    expect((await lopCoordinator.inject({ method: 'DELETE', url: `/api/v1/files/${png.id}` })).statusCode).toBe(204);
    assets = json<BrandAssets>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/assets' }));
    expect(assets.files.map((f) => f.name)).toEqual(['marke-logo.pdf']);
    // The draft is left as other tests expect none.
    await db().execute(sql`DELETE FROM files WHERE owner_id = ${draft.id}`);
    await db().execute(sql`DELETE FROM brand_criteria WHERE id = ${draft.id}`);
  });
});

describe('figures for the indicators', () => {
  it('counts holders today and awards and renewals per year', async () => {
    const reader = await t.apiKey(['read']);
    const figures = await ok<BrandFigures>(await reader.inject({ method: 'GET', url: '/api/v1/brand/figures' }));
    // The only award is revoked.
    expect(figures).toEqual({ holders: 0, holderNames: [], awardsPerYear: [{ year: 2026, awards: 1, renewals: 0 }] });
  });
});

describe('the migration of the former flag', () => {
  it('turns each flagged cluster into an award noted as predating the criteria', async () => {
    const db = t.database.db;
    const flagged = await cluster('alte-marke', 'Alte Marke', ['DE']);
    // Back to before the migrations: the former column, set for one cluster, and no awards.
    await db.execute(sql`ALTER TABLE clusters ADD COLUMN brand boolean NOT NULL DEFAULT false`);
    await db.execute(sql`UPDATE clusters SET brand = true WHERE id = ${flagged.id}`);
    await db.execute(sql`UPDATE brand_applications SET award_id = NULL`);
    await db.execute(sql`DELETE FROM brand_awards`);
    const migration = (name: string) =>
      readFileSync(
        join(
          MIGRATIONS_FOLDER,
          readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith(`_${name}.sql`))!,
        ),
        'utf8',
      ).split('--> statement-breakpoint');
    await db.execute(sql.raw(migration('brand_flags').at(-1)!));
    // The column goes again, as the next migration drops it.
    await db.execute(sql.raw(migration('brand_derived')[0]!));
    const rows = await queryRows<{
      cluster_id: string;
      certificate_number: string;
      criteria_id: string | null;
      level: string | null;
      note: string;
      two_years: boolean;
    }>(
      db,
      sql`SELECT cluster_id, certificate_number, criteria_id, level, note, valid_until = (valid_from + interval '24 months')::date AS two_years FROM brand_awards`,
    );
    expect(rows).toEqual([
      {
        cluster_id: flagged.id,
        certificate_number: expect.stringMatching(/^EURN-B-\d{4}-0001$/),
        criteria_id: null,
        level: null,
        note: 'Carried the brand before the criteria existed (taken over from the former yes/no field)',
        two_years: true,
      },
    ]);
    const v = json<BrandVerification>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/alte-marke' }));
    expect([v.criteriaVersion, v.level, v.status]).toEqual([null, null, 'valid']);
    expect((await ok<ClusterDetail>(await admin.inject({ method: 'GET', url: `/api/v1/clusters/${flagged.id}` }))).brand).toBe(true);
  });
});

describe('the signing key from the environment', () => {
  it('signs with the configured key, keeps no private key in the database, and still verifies what the former key signed', async () => {
    // Signed before: with the pair the database made and kept.
    const before = await ok<BrandVerification>(await t.anonymous.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001' }));
    const pair = generateKeyPairSync('ed25519');
    const configured = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const configuredX = new Uint8Array(Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url'));
    const database = { ...t.database, close: async () => undefined };
    const app = await buildApp({ config: { ...t.config, brand: { ...t.config.brand, signingKey: configured } }, database, clock: t.clock });
    try {
      await app.ready();
      const after = json<BrandVerification>(await app.inject({ method: 'GET', url: '/api/v1/public/brand/EURN-B-2026-0001' }));
      expect(after.keyId).not.toBe(before.keyId);
      const signature = (v: BrandVerification) => new Uint8Array(Buffer.from(v.signature, 'base64url'));
      const bytes = (v: BrandVerification) => new TextEncoder().encode(v.payload);
      expect(await ed.verifyAsync(signature(after), bytes(after), configuredX)).toBe(true);

      const current = json<{ x: string; kid: string }>(await app.inject({ method: 'GET', url: '/.well-known/euregionet-brand-key' }));
      expect(new Uint8Array(Buffer.from(current.x, 'base64url'))).toEqual(configuredX);
      const set = await app.inject({ method: 'GET', url: '/.well-known/euregionet-brand-keys' });
      expect(set.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
      const keys = json<{ keys: { x: string; kid: string }[] }>(set).keys;
      expect(keys.map((k) => k.kid)).toEqual([after.keyId, before.keyId]);
      // A badge signed with the former key verifies with the key the set names by its keyId.
      const former = new Uint8Array(Buffer.from(keys.find((k) => k.kid === before.keyId)!.x, 'base64url'));
      expect(await ed.verifyAsync(signature(before), bytes(before), former)).toBe(true);
      expect(await ed.verifyAsync(signature(before), bytes(before), configuredX)).toBe(false);

      const rows = await queryRows<{ private_keys: number; keys: number }>(
        db(),
        sql`SELECT count(private_key)::int AS private_keys, count(*)::int AS keys FROM brand_signing_keys`,
      );
      expect(rows).toEqual([{ private_keys: 0, keys: 2 }]);
    } finally {
      await app.close();
    }
  });

  it('refuses a key that is not an Ed25519 private key at start', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ ...process.env, BRAND_SIGNING_KEY: rsa })).toThrow(/BRAND_SIGNING_KEY/);
    expect(() => loadConfig({ ...process.env, BRAND_SIGNING_KEY: 'not a key' })).toThrow(/BRAND_SIGNING_KEY/);
  });
});
