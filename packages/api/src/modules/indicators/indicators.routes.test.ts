import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import {
  ConsultingRequestIntakeSchema,
  EvaluationCreateSchema,
  EvaluationFrameworkCreateSchema,
  type AuditPage,
  type ClusterPage,
  type EvaluationProgress,
  type IndicatorFigure,
  type IndicatorKey,
  type InternationalisationMeasure,
  type InternationalisationMeasurePage,
  type Problem,
  type ProjectIndicators,
} from '@euregionet/shared';
import { DEMO_LOAD_TIMEOUT, loadDemoDirectory } from '../../demo/load.js';
import { createTestAppWithAdmin, json, ok, TEST_TODAY, type Principal, type TestApp } from '../../test/app.js';
import { actorOf, frameworkBody } from '../../test/records.js';
import { SYSTEM_CONTEXT } from '../auth/actor.js';
import { createConsultingService } from '../consulting/consulting.service.js';
import { createEvaluationService } from '../evaluations/evaluations.service.js';
import { evaluationsTable } from '../evaluations/evaluations.table.js';
import { createFrameworkService } from '../evaluations/frameworks.service.js';

let t: TestApp;
let admin: Principal;
let clusterIds: Map<string, string>;

const PROJECT = 'from=2017-04-01&to=2020-03-31';
const today = TEST_TODAY;

const dashboard = async (query = '') => ok<ProjectIndicators>(await admin.inject({ method: 'GET', url: `/api/v1/indicators?${query}` }));
const fig = (d: ProjectIndicators, key: IndicatorKey): IndicatorFigure => d.figures.find((f) => f.key === key)!;
const names = (f: IndicatorFigure) => f.evidence.map((e) => e.name);
const actor = (p: Principal & { email: string }, role: 'consultant' | 'coordinator', partner: 'BIC' | 'LOP') =>
  actorOf(p, p.email, role, partner);

/**
 * Approved evaluations: one through the real workflow (approved today), and two approved during
 * the project, written straight into the table as an earlier system would have left them.
 */
async function approveEvaluations() {
  const db = t.database.db;
  const frameworks = createFrameworkService(db);
  const draft = await frameworks.create(
    SYSTEM_CONTEXT,
    EvaluationFrameworkCreateSchema.parse(frameworkBody('indicator-test', 'Indicator test')),
  );
  const framework = await frameworks.publish(SYSTEM_CONTEXT, draft.id, 1);
  const author = await t.staff('consultant', 'LOP');
  const reviewer = await t.staff('coordinator', 'BIC');
  const evaluations = createEvaluationService(db, { clock: t.clock });
  const ctx = { ...SYSTEM_CONTEXT, actor: actor(author, 'consultant', 'LOP') };
  const e = await evaluations.create(
    ctx,
    EvaluationCreateSchema.parse({
      clusterId: clusterIds.get('lubuski-klaster-metalowy'),
      frameworkId: framework.id,
      answers: { 'only.one': { score: 1 } },
    }),
  );
  await evaluations.transition(ctx, e.id, 1, 'submit');
  await evaluations.transition({ ...SYSTEM_CONTEXT, actor: actor(reviewer, 'coordinator', 'BIC') }, e.id, 2, 'approve');

  for (const [slug, at] of [
    ['odra-solar-netzwerk', '2018-06-14T10:00:00+02:00'],
    ['energieregion-lausitz', '2019-03-05T10:00:00+01:00'],
  ] as const) {
    await db.insert(evaluationsTable).values({
      clusterId: clusterIds.get(slug)!,
      frameworkId: framework.id,
      partner: 'BIC',
      evaluatorId: author.id,
      authorId: author.id,
      contributorIds: [author.id],
      evaluatedOn: at.slice(0, 10),
      language: 'de',
      status: 'approved',
      answers: { 'only.one': { score: 1, evidence: '', indicatorValue: null } },
      approvedAt: new Date(at),
    });
  }
}

async function consultingRequests() {
  const service = createConsultingService(t.database.db, { ...t.config.consulting, clock: t.clock });
  const base = {
    requesterName: 'Anna Nowak',
    country: 'PL',
    language: 'pl',
    message: 'Prośba o wsparcie',
    consent: true,
    consentTextVersion: '2026-01',
  };
  const ids: string[] = [];
  for (const [topic, partner] of [
    ['funding', 'LOP'],
    ['funding', 'BIC'],
    ['partner_search', 'LOP'],
  ] as const) {
    const { id } = await service.intake(
      SYSTEM_CONTEXT,
      ConsultingRequestIntakeSchema.parse({ ...base, requesterEmail: `anna.${topic}.${partner}@example.pl`, topic }),
      { kind: 'staff', partner },
    );
    ids.push(id!);
  }
  await t.database.db.execute(
    sql`UPDATE consulting_requests SET status = 'resolved', outcome = 'referred_to_funding' WHERE id = ${ids[0]!}`,
  );
}

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
  await loadDemoDirectory(t.database.db);
  const page = await ok<ClusterPage>(await admin.inject({ method: 'GET', url: '/api/v1/clusters?limit=100' }));
  clusterIds = new Map(page.items.map((c) => [c.slug, c.id]));
  await approveEvaluations();
  await consultingRequests();
}, DEMO_LOAD_TIMEOUT);
afterAll(() => t.close());

describe('project indicators on the demo data', () => {
  it('count the records of each figure in the period, against its target', async () => {
    // Counted by hand in the demo data and the evaluations above: clusters evaluated,
    // internationalised, new cross-border clusters, organisations cooperating across the border,
    // events; and the events' participants.
    const expected: [string, number[], number][] = [
      ['', [3, 7, 3, 22, 6], 374],
      [PROJECT, [2, 6, 3, 22, 6], 374],
      ['from=2019-01-01&to=2019-12-31', [1, 4, 2, 22, 2], 39 + 55],
      [`from=${today}`, [1, 0, 0, 22, 0], 0],
    ];
    for (const [query, values, participants] of expected) {
      const d = await dashboard(query);
      expect(d.figures.map((f) => f.key)).toEqual([
        'clusters_evaluated',
        'clusters_internationalised',
        'new_cross_border_clusters',
        'cross_border_organisations',
        'dialogue_events',
        'brand_holders',
        'brand_awards',
        'brand_renewals',
        'consulting_funding_referrals',
        'consulting_matches_proposed',
      ]);
      // The brand's figures are counted in their own test below, consulting's with its outcomes.
      const directory = d.figures.slice(0, 5);
      expect(directory.map((f) => f.value)).toEqual(values);
      expect(directory.map((f) => f.evidence.length)).toEqual(values);
      expect(d.figures.slice(0, 3).map((f) => f.target)).toEqual([16, 8, 2]);
      expect(d.participants).toBe(participants);
    }
  });

  it('clusters evaluated: approved evaluations, as the evaluations progress counts them', async () => {
    const all = await dashboard();
    const progress = await ok<EvaluationProgress>(await admin.inject({ method: 'GET', url: '/api/v1/evaluations/progress' }));
    expect(fig(all, 'clusters_evaluated').value).toBe(progress.evaluatedClusters);
    expect(fig(all, 'clusters_evaluated').value).toBe(3);
    expect(fig(all, 'clusters_evaluated').evidence[0]).toMatchObject({
      kind: 'cluster',
      date: '2018-06-14',
      evaluationId: expect.any(String),
    });
    // The one approved through the workflow counts on the day of its approval.
    const evaluated = fig(await dashboard('lang=en'), 'clusters_evaluated');
    expect(evaluated.evidence.map((e) => [e.name, e.date])).toEqual([
      ['Oder Solar Network', '2018-06-14'],
      ['Lusatia Energy Region', '2019-03-05'],
      ['Lubuskie Metal Cluster', '2026-06-03'],
    ]);
  });

  it('clusters internationalised: those with a recorded measure, with the measures listed', async () => {
    const all = fig(await dashboard('lang=en'), 'clusters_internationalised');
    expect(all.value).toBe(7);
    // By the date of the first measure; the two metal clusters share theirs.
    expect(names(all)).toEqual([
      'Oderland Food Industry',
      expect.stringMatching(/^(East Brandenburg Metal Network|Lubuskie Metal Cluster)$/),
      expect.stringMatching(/^(East Brandenburg Metal Network|Lubuskie Metal Cluster)$/),
      'Lubuskie Green Energy Cluster',
      'Lusatia Energy Region',
      'Zielona Góra IT Cluster',
      'Oder-Spree–Lubuskie Lakeland Tourism Network',
    ]);
    expect(new Set(names(all)).size).toBe(7);
    const metal = all.evidence.find((e) => e.name === 'Lubuskie Metal Cluster')!;
    expect(metal.measures.map((m) => m.kind)).toEqual(['networking', 'internationalisation']);
  });

  it('new cross-border clusters: founded 2017–2020', async () => {
    // Six demo clusters are cross-border; three of them were founded in the project's years.
    const f = fig(await dashboard('lang=en'), 'new_cross_border_clusters');
    expect(f.value).toBe(3);
    expect(f.evidence.map((e) => [e.name, e.foundedYear]).sort()).toEqual([
      ['Health Without Borders', 2019],
      ['Oder Solar Network', 2018],
      ['Uckermark–Lubuskie Timber Construction Network', 2019],
    ]);
  });

  it('organisations cooperating across the border: members of cross-border clusters, each once', async () => {
    // The six cross-border demo clusters have 23 members, one of them (the Euroregion) in two.
    const f = fig(await dashboard(), 'cross_border_organisations');
    expect(f.value).toBe(22);
    expect(new Set(f.evidence.map((e) => e.identifier ?? e.id)).size).toBe(22);
    // Members of several cross-border clusters are listed once, with all of them.
    expect(f.evidence.filter((e) => e.clusters.length > 1).map((e) => [e.name, e.clusters.length])).toEqual([
      ['Euroregion Spree-Neiße-Bober e.V.', 2],
    ]);
  });

  it('events of the dialogue with their participants; consulting requests by topic, partner and outcome', async () => {
    const d = await dashboard();
    expect(fig(d, 'dialogue_events').value).toBe(6);
    expect(d.participants).toBe(64 + 48 + 72 + 39 + 55 + 96);
    expect(d.consulting.total).toBe(3);
    expect(d.consulting.byTopic.find((b) => b.key === 'funding')?.count).toBe(2);
    expect(d.consulting.byPartner.filter((b) => b.count > 0)).toEqual([
      { key: 'BIC', count: 1 },
      { key: 'LOP', count: 2 },
    ]);
    expect(d.consulting.byOutcome.filter((b) => b.count > 0)).toEqual([
      { key: 'referred_to_funding', count: 1 },
      { key: 'unresolved', count: 2 },
    ]);
    expect(d.matches).toEqual({ available: true, figures: { introduced: 0, introducedCrossBorder: 0, agreed: 0, agreedCrossBorder: 0 } });
  });
});

describe('reporting periods', () => {
  it('count only what falls in the period, both ends included', async () => {
    const project = await dashboard(PROJECT);
    expect(fig(project, 'clusters_evaluated').value).toBe(2);
    // The tourism network's measure (2021) is after the project.
    expect(fig(project, 'clusters_internationalised').value).toBe(6);
    expect(fig(project, 'dialogue_events').value).toBe(6);
    expect(project.consulting.total).toBe(0);

    const y2019 = await dashboard('from=2019-01-01&to=2019-12-31&lang=de');
    expect(names(fig(y2019, 'clusters_evaluated'))).toEqual(['Energieregion Lausitz']);
    expect(fig(y2019, 'new_cross_border_clusters').evidence.map((e) => e.foundedYear)).toEqual([2019, 2019]);
    expect(fig(y2019, 'dialogue_events').evidence.map((e) => [e.date, e.participants])).toEqual([
      ['2019-06-13', 39],
      ['2019-10-24', 55],
    ]);
    expect(y2019.participants).toBe(94);

    // The first and the last day count.
    const oneDay = await dashboard('from=2018-06-14&to=2018-06-14');
    expect(fig(oneDay, 'clusters_evaluated').value).toBe(1);
    const day = await dashboard('from=2018-10-10&to=2018-10-10');
    expect(fig(day, 'clusters_internationalised').value).toBe(2);

    const now = await dashboard(`from=${today}&to=${today}`);
    expect(fig(now, 'clusters_evaluated').value).toBe(1);
    expect(now.consulting.total).toBe(3);
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/v1/indicators?from=2020-01-01&to=2019-01-01' });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors).toEqual([expect.objectContaining({ pointer: '/query/to', code: 'period_order' })]);
  });
});

describe('the CSV export', () => {
  it('has a line per figure with its value and target, and with evidence a line per record', async () => {
    const d = await dashboard(PROJECT);
    const res = await admin.inject({
      method: 'GET',
      url: `/api/v1/indicators/export.csv?${PROJECT}&lang=pl&delimiter=semicolon&evidence=true`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="euregionet-indicators-2017-04-01-2020-03-31.csv"');
    expect(res.body.startsWith('\uFEFFsection;indicator;label;value;target;from;to;record;identifier;date\r\n')).toBe(true);
    const rows = res.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(';'));
    const row = (key: string) => rows.find((r) => r[0] === 'figure' && r[1] === key)!;
    expect(row('clusters_evaluated').slice(2, 7)).toEqual(['Klastry poddane ewaluacji', '2', '16', '2017-04-01', '2020-03-31']);
    const expected = {
      clusters_evaluated: 2,
      clusters_internationalised: 6,
      new_cross_border_clusters: 3,
      cross_border_organisations: 22,
      dialogue_events: 6,
    };
    expect(d.figures.slice(0, 5).map((f) => f.key)).toEqual(Object.keys(expected));
    for (const [key, value] of Object.entries(expected)) {
      expect(row(key)[3]).toBe(String(value));
      expect(rows.filter((r) => r[0] === 'evidence' && r[1] === key)).toHaveLength(value);
    }
    expect(rows.find((r) => r[1] === 'matches_introduced')!.slice(2, 4)).toEqual(['Nawiązane kontakty', '0']);
  });
});

describe('matchmaking figures', () => {
  it('are read from the matches that matchmaking records', async () => {
    const party = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    await t.database.db
      .execute(sql`INSERT INTO matches (party_a_kind, party_a_id, party_b_kind, party_b_id, partner, stage, introduced_at, agreed_at, cross_border) VALUES
      ('organisation', ${party(1)}, 'organisation', ${party(2)}, 'BIC', 'agreed', '2018-05-01T10:00:00Z', '2018-09-01T10:00:00Z', true),
      ('organisation', ${party(1)}, 'organisation', ${party(3)}, 'BIC', 'introduced', '2018-06-01T10:00:00Z', NULL, false),
      ('organisation', ${party(2)}, 'organisation', ${party(3)}, 'LOP', 'agreed', '2019-02-01T10:00:00Z', '2019-03-01T10:00:00Z', false),
      ('organisation', ${party(3)}, 'organisation', ${party(4)}, 'LOP', 'proposed', NULL, NULL, true)`);
    try {
      expect((await dashboard()).matches).toEqual({
        available: true,
        figures: { introduced: 3, introducedCrossBorder: 1, agreed: 2, agreedCrossBorder: 1 },
      });
      expect((await dashboard('from=2019-01-01')).matches.figures).toEqual({
        introduced: 1,
        introducedCrossBorder: 0,
        agreed: 1,
        agreedCrossBorder: 0,
      });
    } finally {
      await t.database.db.execute(sql`DELETE FROM matches`);
    }
  });
});

describe('internationalisation measures', () => {
  it('are recorded by whoever may change the cluster, count at once, and are audited', async () => {
    const photonik = clusterIds.get('photonik-oder')!;
    const body = { clusterId: photonik, kind: 'internationalisation', date: '2019-11-05', description: 'Stand auf der Photonics West' };
    const lop = await t.staff('consultant', 'LOP');
    expect((await lop.inject({ method: 'POST', url: '/api/v1/internationalisation-measures', payload: body })).statusCode).toBe(403);

    expect(fig(await dashboard(PROJECT), 'clusters_internationalised').value).toBe(6);
    const bic = await t.staff('consultant', 'BIC');
    const measure = await ok<InternationalisationMeasure>(
      await bic.inject({ method: 'POST', url: '/api/v1/internationalisation-measures', payload: body }),
      201,
    );
    expect(measure).toMatchObject({ clusterId: photonik, partner: 'BIC', createdByName: expect.any(String) });
    expect(fig(await dashboard(PROJECT), 'clusters_internationalised').value).toBe(7);

    const list = await ok<InternationalisationMeasurePage>(
      await bic.inject({ method: 'GET', url: `/api/v1/internationalisation-measures?clusterId=${photonik}` }),
    );
    expect(list.items.map((m) => m.id)).toEqual([measure.id]);

    const unknown = await bic.inject({
      method: 'POST',
      url: '/api/v1/internationalisation-measures',
      payload: { ...body, clusterId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(json<Problem>(unknown).errors?.[0]).toMatchObject({ pointer: '/body/clusterId', code: 'unknown_cluster' });

    expect((await bic.inject({ method: 'DELETE', url: `/api/v1/internationalisation-measures/${measure.id}` })).statusCode).toBe(204);
    expect(fig(await dashboard(PROJECT), 'clusters_internationalised').value).toBe(6);
    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=internationalisation_measure&entityId=${measure.id}` }),
    );
    expect(audit.items.map((a) => a.action)).toEqual(['delete', 'create']);
  });
});

describe('an organisation in several cross-border clusters', () => {
  it('counts once, by its NIP, listing every cluster', async () => {
    const org = await ok<{ id: string }>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { name: 'Transgraniczna Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Słubice', nip: '5260250274' },
      }),
      201,
    );
    expect(fig(await dashboard(), 'cross_border_organisations').value).toBe(22);
    for (const name of ['Oder-Brücke Netzwerk', 'Most nad Odrą']) {
      const cluster = await ok<{ id: string }>(
        await admin.inject({
          method: 'POST',
          url: '/api/v1/clusters',
          payload: { kind: 'network', name: { de: name }, regions: ['DE403', 'PL431'], partner: 'BIC', crossBorder: true },
        }),
        201,
      );
      await ok(
        await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${cluster.id}/members/${org.id}`, payload: { role: 'member' } }),
        201,
      );
    }
    const f = fig(await dashboard(), 'cross_border_organisations');
    expect(f.value).toBe(23);
    const entries = f.evidence.filter((e) => e.id === org.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ identifier: 'NIP 5260250274', countries: ['PL'] });
    expect(entries[0]!.clusters.map((c) => c.name).sort()).toEqual(['Most nad Odrą', 'Oder-Brücke Netzwerk']);
  });
});

describe('the joint brand', () => {
  /** Awards of literal dates, instead of the demo's (which start on the day the demo is loaded). */
  beforeAll(async () => {
    const db = t.database.db;
    await db.execute(sql`DELETE FROM brand_awards`);
    const award = (cert: string, slug: string, from: string, until: string, state: string, renewal: boolean) =>
      db.execute(sql`INSERT INTO brand_awards (certificate_number, cluster_id, valid_from, valid_until, state, renewal)
                     VALUES (${cert}, ${clusterIds.get(slug)!}, ${from}::date, ${until}::date, ${state}, ${renewal})`);
    await award('EURN-B-2024-0001', 'metall-netzwerk-ostbrandenburg', '2024-03-01', '2026-02-28', 'active', false);
    await award('EURN-B-2026-0001', 'metall-netzwerk-ostbrandenburg', '2026-03-01', '2028-02-29', 'active', true);
    await award('EURN-B-2025-0001', 'energieregion-lausitz', '2025-05-05', '2027-05-04', 'revoked', false);
    await award('EURN-B-2025-0002', 'lubuski-klaster-metalowy', '2025-09-01', '2027-08-31', 'active', false);
  });

  const brandFigures = (d: ProjectIndicators) =>
    (['brand_holders', 'brand_awards', 'brand_renewals'] as const).map((key) => fig(d, key).evidence.map((e) => e.identifier));

  it('holders on the last day of the period, awards and renewals that start in it, per year, with the awards as evidence', async () => {
    const all = await dashboard('lang=en');
    // Today (3 June 2026): the renewal of the metal network and the Lubuskie cluster hold it;
    // the first metal award ran out on 28 February, Lausitz's was revoked.
    expect(brandFigures(all)).toEqual([
      ['EURN-B-2025-0002', 'EURN-B-2026-0001'],
      ['EURN-B-2024-0001', 'EURN-B-2025-0001', 'EURN-B-2025-0002', 'EURN-B-2026-0001'],
      ['EURN-B-2026-0001'],
    ]);
    expect(fig(all, 'brand_holders')).toMatchObject({ value: 2, target: null });
    expect(fig(all, 'brand_holders').evidence).toEqual([
      expect.objectContaining({ kind: 'award', name: 'Lubuskie Metal Cluster', date: '2025-09-01', partner: 'LOP', countries: ['PL'] }),
      expect.objectContaining({
        kind: 'award',
        name: 'East Brandenburg Metal Network',
        date: '2026-03-01',
        partner: 'BIC',
        countries: ['DE'],
      }),
    ]);
    expect(all.brandByYear).toEqual([
      { year: 2024, awards: 1, renewals: 0 },
      { year: 2025, awards: 2, renewals: 0 },
      { year: 2026, awards: 1, renewals: 1 },
    ]);

    // On 31 December 2025 the first metal award still held, and Lausitz's is revoked (it counts nowhere as a holder).
    const year2025 = await dashboard('from=2025-01-01&to=2025-12-31');
    expect(brandFigures(year2025)).toEqual([['EURN-B-2024-0001', 'EURN-B-2025-0002'], ['EURN-B-2025-0001', 'EURN-B-2025-0002'], []]);
    expect(year2025.brandByYear).toEqual([{ year: 2025, awards: 2, renewals: 0 }]);

    // A period that ends after today counts the holders of today.
    const ahead = await dashboard(`from=2026-06-04&to=2026-12-31`);
    expect(brandFigures(ahead)).toEqual([['EURN-B-2025-0002', 'EURN-B-2026-0001'], [], []]);
    expect(ahead.brandByYear).toEqual([]);
  });

  it('are lines of the CSV export, with the awards per year', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/v1/indicators/export.csv?lang=de&evidence=true' });
    expect(res.statusCode).toBe(200);
    const rows = res.body
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows.filter((r) => r[0] === 'figure' && r[1]!.startsWith('brand_')).map((r) => r.slice(1, 5))).toEqual([
      ['brand_holders', 'Träger der Clustermarke', '2', ''],
      ['brand_awards', 'Verleihungen der Clustermarke', '4', ''],
      ['brand_renewals', 'Verlängerungen der Clustermarke', '1', ''],
    ]);
    expect(rows.filter((r) => r[0]!.startsWith('brand_year')).map((r) => r.slice(0, 4))).toEqual([
      ['brand_year', '2024', 'Verleihungen der Clustermarke 2024', '1'],
      ['brand_year_renewals', '2024', 'Verlängerungen der Clustermarke 2024', '0'],
      ['brand_year', '2025', 'Verleihungen der Clustermarke 2025', '2'],
      ['brand_year_renewals', '2025', 'Verlängerungen der Clustermarke 2025', '0'],
      ['brand_year', '2026', 'Verleihungen der Clustermarke 2026', '1'],
      ['brand_year_renewals', '2026', 'Verlängerungen der Clustermarke 2026', '1'],
    ]);
    expect(rows.filter((r) => r[0] === 'evidence' && r[1] === 'brand_renewals').map((r) => r.slice(7))).toEqual([
      ['Metall-Netzwerk Ostbrandenburg', 'EURN-B-2026-0001', '2026-03-01'],
    ]);
  });
});
