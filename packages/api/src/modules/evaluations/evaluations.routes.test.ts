import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  AuditPage,
  Evaluation,
  EvaluationComparison,
  EvaluationFramework,
  EvaluationFrameworkPage,
  EvaluationPage,
  EvaluationProgress,
  EvaluationStatus,
  PartnerCode,
  Problem,
} from '@euregionet/shared';
import { directoryIndicators, EvaluationCreateSchema, LOCALES } from '@euregionet/shared';
import { fixedClock } from '../../clock.js';
import { createTestApp, createTestAppWithAdmin, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../auth/actor.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { DEFAULT_FRAMEWORK_CODE } from './default-framework.js';
import { createEvaluationService } from './evaluations.service.js';
import { ensureDefaultFramework } from './frameworks.service.js';
import { fourCriteriaFrameworkBody, publishedFramework } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
/** Writes evaluations of BIC's clusters. */
let author: Principal;
/** Reviews. */
let coordinator: Principal;
let small: EvaluationFramework;

const smallFramework = {
  ...fourCriteriaFrameworkBody('small', 'Small framework', { indicators: true }),
  maturityLevels: [
    { key: 'emerging', label: { en: 'Emerging' }, minScore: 0 },
    { key: 'established', label: { en: 'Established' }, minScore: 60 },
  ],
  targetProfiles: [{ key: 'silver', label: { en: 'Silver' }, overall: 60, dimensions: { structure: 50, strategy: 70 } }],
};

const full = (a: number, b: number, c: number, d: number) => ({
  'structure.members': { score: a, evidence: 'Member list 2026' },
  'structure.smes': { score: b },
  'strategy.written': { score: c, evidence: 'Strategy paper' },
  'strategy.services': { score: d },
});

async function newCluster(partner: PartnerCode = 'BIC'): Promise<string> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/clusters',
    payload: { kind: 'cluster', name: { de: `Cluster ${Math.random()}` }, regions: ['DE403'], partner },
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

async function start(as: Principal, clusterId: string, body: Record<string, unknown> = {}) {
  const res = await as.inject({ method: 'POST', url: '/api/v1/evaluations', payload: { clusterId, frameworkId: small.id, ...body } });
  return ok<Evaluation>(res, 201);
}

async function read(id: string) {
  const res = await admin.inject({ method: 'GET', url: `/api/v1/evaluations/${id}` });
  return { evaluation: await ok<Evaluation>(res), etag: res.headers.etag as string };
}

/** A workflow step with the current ETag, as a client that just read the evaluation does. */
async function step(as: Principal, id: string, action: 'submit' | 'approve' | 'return', reason = 'Evidence for the strategy is missing') {
  const { etag } = await read(id);
  return as.inject({
    method: 'POST',
    url: `/api/v1/evaluations/${id}/${action}`,
    headers: { 'if-match': etag },
    ...(action === 'return' ? { payload: { reason } } : {}),
  });
}

async function patch(as: Principal, id: string, body: Record<string, unknown>) {
  const { etag } = await read(id);
  return as.inject({ method: 'PATCH', url: `/api/v1/evaluations/${id}`, headers: { 'if-match': etag }, payload: body });
}

/** An evaluation of a new cluster, brought to the given status. */
async function inStatus(status: EvaluationStatus, scores = full(4, 3, 2, 1)): Promise<Evaluation> {
  const e = await start(author, await newCluster(), { answers: scores });
  if (status === 'draft') return e;
  await ok(await step(author, e.id, 'submit'));
  if (status === 'approved') await ok(await step(coordinator, e.id, 'approve'));
  if (status === 'returned') await ok(await step(coordinator, e.id, 'return'));
  return (await read(e.id)).evaluation;
}

const code = (res: { body: string }) => json<Problem>(res).code;

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ rateLimitPerMinute: 100_000 }));
  author = await t.staff('consultant', 'BIC');
  coordinator = await t.staff('coordinator', 'BIC');
  await ensureDefaultFramework(t.database.db, SYSTEM_CONTEXT);
  small = await publishedFramework(admin, smallFramework);
});
afterAll(() => t.close());

describe('the default framework', () => {
  it('is published in a fresh database once, with the six benchmarking areas in three languages', async () => {
    expect(await ensureDefaultFramework(t.database.db, SYSTEM_CONTEXT)).toBeUndefined();
    const page = await ok<EvaluationFrameworkPage>(
      await author.inject({ method: 'GET', url: `/api/v1/evaluation-frameworks?code=${DEFAULT_FRAMEWORK_CODE}` }),
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ number: 1, status: 'published', used: false });
    const framework = await ok<EvaluationFramework>(
      await author.inject({ method: 'GET', url: `/api/v1/evaluation-frameworks/${page.items[0]!.id}` }),
    );
    expect(framework.dimensions.map((d) => d.key)).toEqual([
      'structure',
      'governance',
      'financing',
      'strategy',
      'cooperation',
      'achievements',
    ]);
    const criteria = framework.dimensions.flatMap((d) => d.criteria);
    for (const c of criteria)
      for (const l of LOCALES) expect([c.key, l, c.text[l], c.guidance[l]]).toEqual([c.key, l, expect.any(String), expect.any(String)]);
    expect(
      criteria
        .filter((c) => c.indicator)
        .map((c) => c.indicator!.source)
        .sort(),
    ).toEqual(['crossBorderShare', 'memberCount', 'researchShare', 'smeShare']);
    expect(framework.targetProfiles.map((p) => p.key)).toContain('silver');
  });

  it('is what a new evaluation uses when no framework is named', async () => {
    const e = await ok<Evaluation>(
      await author.inject({ method: 'POST', url: '/api/v1/evaluations', payload: { clusterId: await newCluster() } }),
      201,
    );
    expect(e.framework).toMatchObject({ code: DEFAULT_FRAMEWORK_CODE, number: 1 });
    expect(e.result).toMatchObject({ overall: null, answered: 0, total: 20 });
  });
});

describe('framework versions', () => {
  it('edits a draft, freezes it when published, and changes only through a new version', async () => {
    const created = await ok<EvaluationFramework>(
      await admin.inject({ method: 'POST', url: '/api/v1/evaluation-frameworks', payload: { ...smallFramework, code: 'versions' } }),
      201,
    );
    expect(created).toMatchObject({ number: 1, status: 'draft', used: false });
    const renamed = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/evaluation-frameworks/${created.id}`,
      headers: { 'if-match': `"v${created.version}"` },
      payload: { name: { en: 'Renamed', pl: 'Przemianowany' } },
    });
    expect((await ok<EvaluationFramework>(renamed)).name).toEqual({ en: 'Renamed', pl: 'Przemianowany' });

    // A draft cannot be evaluated against.
    const early = await author.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId: await newCluster(), frameworkId: created.id },
    });
    expect([early.statusCode, code(early)]).toEqual([409, 'FRAMEWORK_NOT_PUBLISHED']);

    const v1 = await ok<EvaluationFramework>(
      await admin.inject({
        method: 'POST',
        url: `/api/v1/evaluation-frameworks/${created.id}/publish`,
        headers: { 'if-match': renamed.headers.etag as string },
      }),
    );
    expect(v1.status).toBe('published');
    const refused = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/evaluation-frameworks/${v1.id}`,
      headers: { 'if-match': `"v${v1.version}"` },
      payload: { name: { en: 'Changed after publishing' } },
    });
    expect([refused.statusCode, code(refused)]).toEqual([409, 'FRAMEWORK_NOT_DRAFT']);
    expect(code(await admin.inject({ method: 'DELETE', url: `/api/v1/evaluation-frameworks/${v1.id}` }))).toBe('FRAMEWORK_NOT_DRAFT');

    // Used by an evaluation: still frozen, and says so.
    await start(author, await newCluster(), { frameworkId: v1.id });
    const used = await ok<EvaluationFramework>(await admin.inject({ method: 'GET', url: `/api/v1/evaluation-frameworks/${v1.id}` }));
    expect(used.used).toBe(true);

    const v2 = await ok<EvaluationFramework>(
      await admin.inject({ method: 'POST', url: `/api/v1/evaluation-frameworks/${v1.id}/versions` }),
      201,
    );
    expect(v2).toMatchObject({ code: 'versions', number: 2, status: 'draft', used: false, name: v1.name, dimensions: v1.dimensions });
    const twice = await admin.inject({ method: 'POST', url: `/api/v1/evaluation-frameworks/${v1.id}/versions` });
    expect([twice.statusCode, code(twice)]).toEqual([409, 'FRAMEWORK_DRAFT_EXISTS']);

    // Drop a criterion in version 2 and publish it: version 1 retires, its evaluations keep it.
    const dims = v2.dimensions.map((d) =>
      d.key === 'strategy' ? { ...d, criteria: d.criteria.filter((c) => c.key !== 'strategy.services') } : d,
    );
    const edited = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/evaluation-frameworks/${v2.id}`,
      headers: { 'if-match': `"v${v2.version}"` },
      payload: { dimensions: dims },
    });
    const published = await ok<EvaluationFramework>(
      await admin.inject({
        method: 'POST',
        url: `/api/v1/evaluation-frameworks/${v2.id}/publish`,
        headers: { 'if-match': edited.headers.etag as string },
      }),
    );
    expect(published.dimensions.flatMap((d) => d.criteria)).toHaveLength(3);
    const list = await ok<EvaluationFrameworkPage>(
      await admin.inject({ method: 'GET', url: '/api/v1/evaluation-frameworks?code=versions' }),
    );
    expect(list.items.map((f) => [f.number, f.status, f.criteriaCount])).toEqual([
      [2, 'published', 3],
      [1, 'retired', 4],
    ]);
    const v1Now = await ok<EvaluationFramework>(await admin.inject({ method: 'GET', url: `/api/v1/evaluation-frameworks/${v1.id}` }));
    expect(v1Now.dimensions).toEqual(v1.dimensions);
  });

  it('refuses, in the database itself, to change a published version or delete a used one', async () => {
    await expect(
      t.database.db.execute(sql`UPDATE evaluation_frameworks SET dimensions = '[]'::jsonb WHERE id = ${small.id}`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`UPDATE evaluation_frameworks SET status = 'draft' WHERE id = ${small.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM evaluation_frameworks WHERE id = ${small.id}`)).rejects.toThrow();
  });

  it('refuses inconsistent content with the field named, and a code that exists', async () => {
    const dup = await admin.inject({
      method: 'POST',
      url: '/api/v1/evaluation-frameworks',
      payload: { ...smallFramework, code: 'broken', maturityLevels: [{ key: 'x', label: { en: 'X' }, minScore: 20 }] },
    });
    expect(dup.statusCode).toBe(400);
    expect(json<Problem>(dup).errors).toEqual([
      expect.objectContaining({ pointer: '/body/maturityLevels', code: 'MATURITY_NOT_ASCENDING' }),
    ]);
    const taken = await admin.inject({ method: 'POST', url: '/api/v1/evaluation-frameworks', payload: smallFramework });
    expect([taken.statusCode, code(taken)]).toEqual([409, 'FRAMEWORK_CODE_TAKEN']);
  });

  it('lets only administrators change frameworks', async () => {
    const res = await coordinator.inject({ method: 'POST', url: `/api/v1/evaluation-frameworks/${small.id}/versions` });
    expect(res.statusCode).toBe(403);
  });
});

describe('directory indicators', () => {
  it('count members and shares, with cross-border members counted from the coordinator’s country', () => {
    const m = (type: string, country: string, role = 'member') => ({ type, country, role });
    expect(
      directoryIndicators([
        m('cluster_management', 'PL', 'coordinator'),
        m('sme', 'DE'),
        m('sme', 'PL'),
        m('research', 'DE'),
        m('large', 'PL'),
      ]),
    ).toEqual({
      memberCount: 5,
      smeShare: 40,
      researchShare: 20,
      crossBorderShare: 40,
    });
    // Without a coordinator the country most members are in is the cluster's own.
    expect(directoryIndicators([m('sme', 'DE'), m('sme', 'DE'), m('sme', 'PL')]).crossBorderShare).toBe(33.3);
    expect(directoryIndicators([])).toEqual({ memberCount: 0, smeShare: 0, researchShare: 0, crossBorderShare: 0 });
  });
});

describe('an evaluation', () => {
  it('starts with indicator values from the directory and scores as the shared function does', async () => {
    const clusterId = await newCluster();
    const orgs = await t.database.db
      .insert(organisationsTable)
      .values([
        { name: 'Coordinator GmbH', type: 'cluster_management', country: 'DE' },
        { name: 'Werkstatt GmbH', type: 'sme', country: 'DE' },
        { name: 'Fabryka Sp. z o.o.', type: 'sme', country: 'PL' },
        { name: 'Uniwersytet', type: 'research', country: 'PL' },
        { name: 'Großbetrieb AG', type: 'large', country: 'DE' },
      ])
      .returning({ id: organisationsTable.id });
    await t.database.db
      .insert(membershipsTable)
      .values(orgs.map((o, i) => ({ clusterId, organisationId: o.id, role: i === 0 ? ('coordinator' as const) : ('member' as const) })));

    const e = await start(author, clusterId, {
      evaluatedOn: '2026-03-01',
      language: 'pl',
      answers: { 'strategy.written': { score: 3, evidence: 'Strategia 2030' } },
    });
    expect(e).toMatchObject({
      status: 'draft',
      partner: 'BIC',
      evaluatorId: author.id,
      authorId: author.id,
      evaluatedOn: '2026-03-01',
      language: 'pl',
    });
    expect(e.answers['structure.members']).toEqual({ score: null, evidence: '', indicatorValue: 5 });
    expect(e.answers['structure.smes']?.indicatorValue).toBe(40);
    expect(e.answers['strategy.written']).toEqual({ score: 3, evidence: 'Strategia 2030', indicatorValue: null });
    expect(e.result).toMatchObject({ overall: 75, answered: 1, total: 4 });

    const changed = await ok<Evaluation>(
      await patch(author, e.id, { answers: { ...e.answers, 'structure.members': { score: 2, indicatorValue: 5 } } }),
    );
    // structure 50; strategy 75 → overall 62.5, "established" from 60.
    expect(changed.result).toMatchObject({ overall: 62.5, maturity: 'established', answered: 2 });
    expect(changed.result.dimensions.map((d) => d.score)).toEqual([50, 75]);
  });

  it('is dated, unless a day is given, on the day in the programme area, not on the UTC day', async () => {
    const clusterId = await newCluster();
    const ctx: RequestContext = {
      actor: {
        kind: 'user',
        id: author.id,
        email: 'author@example.eu',
        name: 'Author',
        partner: 'BIC',
        role: 'consultant',
        language: 'de',
        sessionHash: '',
      },
      requestId: 'evaluation-day',
      ip: '127.0.0.1',
    };
    const startedAt = async (instant: string) =>
      (
        await createEvaluationService(t.database.db, { clock: fixedClock(instant) }).create(
          ctx,
          EvaluationCreateSchema.parse({ clusterId, frameworkId: small.id }),
        )
      ).evaluatedOn;
    // Summer time (UTC+2): 23:30 UTC on 3 June is 01:30 on 4 June in Frankfurt (Oder) and Gorzów;
    // 21:59 UTC is 23:59 there, still 3 June.
    expect(await startedAt('2026-06-03T23:30:00Z')).toBe('2026-06-04');
    expect(await startedAt('2026-06-03T21:59:00Z')).toBe('2026-06-03');
    // Winter time (UTC+1): 23:30 UTC on 15 January is 00:30 on 16 January.
    expect(await startedAt('2026-01-15T23:30:00Z')).toBe('2026-01-16');
  });

  it('refuses answers to criteria the framework version does not have, and scores off the scale', async () => {
    const e = await inStatus('draft');
    const res = await patch(author, e.id, { answers: { 'strategy.dropped': { score: 1 }, 'strategy.written': { score: 9 } } });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors?.map((x) => [x.pointer, x.code])).toEqual([
      ['/body/answers/strategy.dropped', 'unknown_criterion'],
      ['/body/answers/strategy.written/score', 'score_out_of_scale'],
    ]);
    for (const evaluatedOn of ['0000-01-01', '2026-02-30']) {
      const date = await patch(author, e.id, { evaluatedOn });
      expect([date.statusCode, json<Problem>(date).errors?.[0]?.pointer]).toEqual([400, '/body/evaluatedOn']);
    }
  });

  it('needs every criterion scored and every action item owned and dated before it is submitted', async () => {
    const e = await start(author, await newCluster(), {
      answers: { ...full(1, 2, 3, 4), 'strategy.services': { score: null } },
      recommendations: [{ text: 'Write an internationalisation strategy' }],
    });
    const res = await step(author, e.id, 'submit');
    expect([res.statusCode, code(res)]).toEqual([422, 'EVALUATION_INCOMPLETE']);
    expect(json<Problem>(res).errors?.map((x) => x.pointer)).toEqual([
      '/answers/strategy.services/score',
      '/recommendations/0/owner',
      '/recommendations/0/dueDate',
    ]);
    await ok(
      await patch(author, e.id, {
        answers: full(1, 2, 3, 4),
        recommendations: [{ text: 'Write an internationalisation strategy', owner: 'Cluster manager', dueDate: '2026-12-31' }],
      }),
    );
    expect(json<Evaluation>(await step(author, e.id, 'submit')).status).toBe('submitted');
  });

  it('needs If-Match and refuses a stale one', async () => {
    const e = await inStatus('draft');
    const none = await author.inject({ method: 'PATCH', url: `/api/v1/evaluations/${e.id}`, payload: { strengths: 'x' } });
    expect(none.statusCode).toBe(428);
    await ok(await patch(author, e.id, { strengths: 'Strong SME base' }));
    const stale = await author.inject({
      method: 'PATCH',
      url: `/api/v1/evaluations/${e.id}`,
      headers: { 'if-match': `"v${e.version}"` },
      payload: { strengths: 'x' },
    });
    expect([stale.statusCode, code(stale)]).toEqual([412, 'PRECONDITION_FAILED']);
  });
});

describe('workflow', () => {
  const transitions = ['submit', 'approve', 'return'] as const;
  const expected: Record<EvaluationStatus, Record<(typeof transitions)[number], EvaluationStatus | null>> = {
    draft: { submit: 'submitted', approve: null, return: null },
    submitted: { submit: null, approve: 'approved', return: 'returned' },
    returned: { submit: 'submitted', approve: null, return: null },
    approved: { submit: null, approve: null, return: null },
  };
  const cases = Object.entries(expected).flatMap(([from, row]) =>
    transitions.map((tr) => [from as EvaluationStatus, tr, row[tr]] as const),
  );

  it.each(cases)('%s → %s gives %s', async (from, transition, to) => {
    const e = await inStatus(from);
    const res = await step(transition === 'submit' ? author : coordinator, e.id, transition);
    if (to) {
      expect(res.statusCode).toBe(200);
      expect(json<Evaluation>(res).status).toBe(to);
    } else {
      expect([res.statusCode, code(res)]).toEqual([409, 'EVALUATION_TRANSITION_NOT_ALLOWED']);
      expect((await read(e.id)).evaluation.status).toBe(from);
    }
  });

  it('keeps the return reason and the history of who did what', async () => {
    const e = await inStatus('returned');
    expect(e.returnReason).toBe('Evidence for the strategy is missing');
    expect(e.history.map((h) => [h.action, h.byId, h.reason])).toEqual([
      ['submit', author.id, null],
      ['return', coordinator.id, 'Evidence for the strategy is missing'],
    ]);
    // Returned: the author edits again and resubmits; approval clears the reason.
    await ok(
      await patch(author, e.id, {
        answers: { ...e.answers, 'strategy.written': { score: 3, evidence: 'Strategy paper 2026, adopted by the board' } },
      }),
    );
    await ok(await step(author, e.id, 'submit'));
    const approved = await ok<Evaluation>(await step(coordinator, e.id, 'approve'));
    expect(approved.returnReason).toBeNull();
    expect(approved.history.map((h) => h.action)).toEqual(['submit', 'return', 'submit', 'approve']);
    const emptyReason = await step(coordinator, (await inStatus('submitted')).id, 'return', ' ');
    expect(emptyReason.statusCode).toBe(400);
  });
});

describe('four-eyes review', () => {
  it('refuses approval by the author, the evaluator or anyone who edited it, and accepts another reviewer', async () => {
    // A coordinator writes it, names a consultant as evaluator, a second coordinator edits it.
    const writer = await t.staff('coordinator', 'LOP');
    const editor = await t.staff('coordinator', 'CIT');
    const e = await start(writer, await newCluster(), { answers: full(1, 1, 1, 1), evaluatorId: author.id });
    await ok(await patch(editor, e.id, { weaknesses: 'Few cooperation projects' }));
    await ok(await step(author, e.id, 'submit'));

    for (const who of [writer, editor]) {
      for (const action of ['approve', 'return'] as const) {
        const res = await step(who, e.id, action);
        expect([res.statusCode, code(res)]).toEqual([403, 'FOUR_EYES_REQUIRED']);
      }
    }
    // The evaluator is a consultant: not a reviewer at all.
    expect((await step(author, e.id, 'approve')).statusCode).toBe(403);
    const evaluatorAsReviewer = await start(admin, await newCluster(), { answers: full(1, 1, 1, 1), evaluatorId: coordinator.id });
    await ok(await step(admin, evaluatorAsReviewer.id, 'submit'));
    expect(code(await step(coordinator, evaluatorAsReviewer.id, 'approve'))).toBe('FOUR_EYES_REQUIRED');

    const approved = await ok<Evaluation>(await step(coordinator, e.id, 'approve'));
    expect(approved.status).toBe('approved');
    expect(approved.history.at(-1)).toMatchObject({ action: 'approve', byId: coordinator.id });
  });
});

describe('who may write', () => {
  it('lets consultants evaluate their own partner’s clusters and the evaluations they are named evaluator of', async () => {
    const lopCluster = await newCluster('LOP');
    const refused = await author.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId: lopCluster, frameworkId: small.id },
    });
    expect(refused.statusCode).toBe(403);
    // A coordinator starts it with BIC's consultant as evaluator: the consultant may then edit it.
    const e = await start(coordinator, lopCluster, { evaluatorId: author.id });
    expect(e.partner).toBe('LOP');
    expect((await patch(author, e.id, { strengths: 'Active board' })).statusCode).toBe(200);
    const other = await t.staff('consultant', 'CIT');
    expect((await patch(other, e.id, { strengths: 'x' })).statusCode).toBe(403);
    const viewer = await t.staff('viewer', 'LOP');
    expect((await patch(viewer, e.id, { strengths: 'x' })).statusCode).toBe(403);
    expect((await viewer.inject({ method: 'GET', url: `/api/v1/evaluations/${e.id}` })).statusCode).toBe(200);
  });

  it('refuses an evaluator who may not edit', async () => {
    const viewer = await t.staff('viewer', 'BIC');
    const res = await author.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId: await newCluster(), frameworkId: small.id, evaluatorId: viewer.id },
    });
    expect([res.statusCode, code(res)]).toEqual([422, 'EVALUATOR_NOT_ELIGIBLE']);
  });
});

describe('an approved evaluation', () => {
  it('is read-only: no change, no deletion, no workflow step — in the API and in the database', async () => {
    const e = await inStatus('approved');
    for (const as of [author, coordinator, admin]) {
      const res = await patch(as, e.id, { strengths: 'Rewritten after approval' });
      expect([res.statusCode, code(res)]).toEqual([409, 'EVALUATION_NOT_EDITABLE']);
    }
    const del = await admin.inject({ method: 'DELETE', url: `/api/v1/evaluations/${e.id}` });
    expect([del.statusCode, code(del)]).toEqual([409, 'EVALUATION_NOT_EDITABLE']);
    await expect(t.database.db.execute(sql`UPDATE evaluations SET strengths = 'forged' WHERE id = ${e.id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM evaluations WHERE id = ${e.id}`)).rejects.toThrow();
    expect((await read(e.id)).evaluation).toEqual(e);
    // Deleting its cluster is a soft delete (restorable): the approved evaluation stays as it was.
    const cluster = await admin.inject({ method: 'DELETE', url: `/api/v1/clusters/${e.clusterId}` });
    expect(cluster.statusCode).toBe(204);
    expect((await read(e.id)).evaluation).toEqual(e);
  });

  it('cannot be changed while it is under review either; a draft can be deleted', async () => {
    const submitted = await inStatus('submitted');
    expect(code(await patch(author, submitted.id, { strengths: 'x' }))).toBe('EVALUATION_NOT_EDITABLE');
    const draft = await inStatus('draft');
    expect((await author.inject({ method: 'DELETE', url: `/api/v1/evaluations/${draft.id}` })).statusCode).toBe(204);
    expect((await author.inject({ method: 'GET', url: `/api/v1/evaluations/${draft.id}` })).statusCode).toBe(404);
  });

  it('leaves every step in the audit trail', async () => {
    const e = await inStatus('approved');
    const trail = await ok<AuditPage>(await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=evaluation&entityId=${e.id}` }));
    expect(trail.items.map((i) => [i.action, i.changes.status?.after ?? null]).reverse()).toEqual([
      ['create', 'draft'],
      ['update', 'submitted'],
      ['update', 'approved'],
    ]);
  });
});

describe('comparison and progress', () => {
  let comparisonApp: TestApp;
  let a: Principal;
  let c: Principal;
  let framework: EvaluationFramework;

  beforeAll(async () => {
    // A database of its own, so that the cohort is exactly the clusters made here.
    comparisonApp = await createTestApp({ rateLimitPerMinute: 100_000 });
    a = await comparisonApp.staff('consultant', 'BIC');
    c = await comparisonApp.staff('coordinator', 'BIC');
    const adm = await comparisonApp.admin();
    framework = await publishedFramework(adm, smallFramework);
  });
  afterAll(() => comparisonApp.close());

  async function approvedIn(clusterId: string, answers: ReturnType<typeof full>, evaluatedOn: string) {
    const res = await a.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId, frameworkId: framework.id, answers, evaluatedOn },
    });
    const e = json<Evaluation>(res);
    const submitted = await a.inject({
      method: 'POST',
      url: `/api/v1/evaluations/${e.id}/submit`,
      headers: { 'if-match': `"v${e.version}"` },
    });
    const approved = await c.inject({
      method: 'POST',
      url: `/api/v1/evaluations/${e.id}/approve`,
      headers: { 'if-match': submitted.headers.etag as string },
    });
    return ok<Evaluation>(approved);
  }

  async function cluster() {
    const adm = await comparisonApp.admin();
    const res = await adm.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'cluster', name: { en: `C ${Math.random()}` }, regions: ['PL431'], partner: 'BIC' },
    });
    return json<{ id: string }>(res).id;
  }

  it('places an evaluation among the latest approved evaluation of each cluster, against its previous one and a target', async () => {
    // Structure scores 25, 50, 75, 100 in four clusters; strategy scores 0, 25, 50, 75 (criterion weights 3:1, equal scores).
    const ids = [await cluster(), await cluster(), await cluster(), await cluster()];
    const first = await approvedIn(ids[2]!, full(1, 1, 0, 0), '2025-01-15');
    await approvedIn(ids[0]!, full(1, 1, 0, 0), '2026-02-01');
    await approvedIn(ids[1]!, full(2, 2, 1, 1), '2026-02-02');
    const own = await approvedIn(ids[2]!, full(3, 3, 2, 2), '2026-02-03');
    await approvedIn(ids[3]!, full(4, 4, 3, 3), '2026-02-04');
    // An open draft of another cluster does not count.
    await a.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId: await cluster(), frameworkId: framework.id, answers: full(0, 0, 0, 0) },
    });

    const res = await c.inject({ method: 'GET', url: `/api/v1/evaluations/${own.id}/comparison` });
    const cmp = await ok<EvaluationComparison>(res);
    expect(cmp.cohort).toMatchObject({ size: 4, provisional: false });
    expect(cmp.cohort.dimensions).toEqual([
      { key: 'structure', score: 75, median: 62.5, percentile: 62.5, cohortSize: 4 },
      { key: 'strategy', score: 50, median: 37.5, percentile: 62.5, cohortSize: 4 },
    ]);
    expect(cmp.cohort.overall).toEqual({ key: 'overall', score: 62.5, median: 50, percentile: 62.5, cohortSize: 4 });

    expect(cmp.previous?.evaluation.id).toBe(first.id);
    expect(cmp.previous?.dimensions.map((d) => [d.key, d.previous, d.score, d.change])).toEqual([
      ['structure', 25, 75, 50],
      ['strategy', 0, 50, 50],
    ]);
    expect(cmp.previous?.overall.change).toBe(50);
    expect(cmp.previous?.criteria.find((x) => x.key === 'strategy.written')).toMatchObject({
      previous: 0,
      score: 50,
      change: 50,
      presence: 'both',
    });

    expect(cmp.target).toMatchObject({
      key: 'silver',
      met: false,
      dimensions: [
        { key: 'structure', score: 75, target: 50, gap: 0, met: true },
        { key: 'strategy', score: 50, target: 70, gap: 20, met: false },
      ],
      overall: { key: 'overall', score: 62.5, target: 60, gap: 0, met: true },
    });

    // The first evaluation of that cluster has no previous one and is compared in its cluster's place.
    const older = await ok<EvaluationComparison>(await c.inject({ method: 'GET', url: `/api/v1/evaluations/${first.id}/comparison` }));
    expect(older.previous).toBeNull();
    expect(older.cohort.overall).toMatchObject({ score: 12.5, percentile: 25, cohortSize: 4 });

    const unknown = await c.inject({ method: 'GET', url: `/api/v1/evaluations/${own.id}/comparison?target=platinum` });
    expect(json<Problem>(unknown).errors?.[0]?.pointer).toBe('/query/target');
  });

  it('counts the clusters with an approved evaluation against the target of 16', async () => {
    const progress = await ok<EvaluationProgress>(await c.inject({ method: 'GET', url: '/api/v1/evaluations/progress' }));
    expect(progress.target).toBe(16);
    expect(progress.evaluatedClusters).toBe(4);
    expect(progress.clusters).toHaveLength(5);
    const open = progress.clusters.find((x) => x.open);
    expect(open?.latestApproved).toBeNull();
    expect(open?.open?.status).toBe('draft');
    const key = await comparisonApp.apiKey(['read']);
    expect((await key.inject({ method: 'GET', url: '/api/v1/evaluations/progress' })).statusCode).toBe(200);
    expect((await key.inject({ method: 'GET', url: '/api/v1/evaluations' })).statusCode).toBe(403);
  });

  it('lists evaluations newest first, filtered, page by page', async () => {
    const all = await ok<EvaluationPage>(await c.inject({ method: 'GET', url: '/api/v1/evaluations?limit=100' }));
    expect(all.items).toHaveLength(6);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: EvaluationPage = await ok<EvaluationPage>(
        await c.inject({ method: 'GET', url: `/api/v1/evaluations?limit=4${cursor ? `&cursor=${cursor}` : ''}` }),
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));
    const drafts = await ok<EvaluationPage>(await c.inject({ method: 'GET', url: '/api/v1/evaluations?status=draft' }));
    expect(drafts.items.map((i) => [i.status, i.overall])).toEqual([['draft', 0]]);
    expect((await c.inject({ method: 'GET', url: '/api/v1/evaluations?cursor=forged' })).statusCode).toBe(400);
  });
});
