import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import {
  DEFAULT_MATCH_WEIGHTS,
  type AuditPage,
  type CandidateList,
  type Match,
  type MatchPage,
  type MatchCounts,
  type MatchWeightsRecord,
  type Problem,
  type Profile,
  type ProfilePage,
  type ProjectIndicators,
} from '@euregionet/shared';
import { createTestAppWithAdmin, inDays, json, ok, TEST_TODAY, type Principal, type TestApp } from '../../test/app.js';
import { fullScan } from '../../test/full-scan.js';
import { createPartyRepo } from './parties.repo.js';
import { cooperationProfilesTable, matchesTable } from './matchmaking.table.js';

let t: TestApp;
let admin: Principal;
let bic: Principal;
let lop: Principal;

const today = TEST_TODAY;
interface OrgInput {
  country?: 'DE' | 'PL';
  type?: string;
  sectors?: string[];
  competences?: Record<string, string>;
  needs?: Record<string, string>;
  languages?: string[];
}
let orgCounter = 0;
async function organisation(name: string, o: OrgInput = {}) {
  const country = o.country ?? 'DE';
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/organisations?confirmDistinct=true',
    payload: {
      name: `${name} ${++orgCounter}`,
      type: o.type ?? 'sme',
      country,
      city: country === 'DE' ? 'Cottbus' : 'Zielona Góra',
      sectors: o.sectors ?? [],
      competences: o.competences ?? {},
      needs: o.needs ?? {},
      languages: o.languages ?? [country.toLowerCase()],
    },
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

async function cluster(name: string, members: string[], over: Record<string, unknown> = {}) {
  const { id } = await ok<{ id: string }>(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'cluster', name: { de: name }, regions: ['DE40'], sectors: ['62'], partner: 'BIC', ...over },
    }),
    201,
  );
  for (const org of members) {
    await ok(await admin.inject({ method: 'PUT', url: `/api/v1/clusters/${id}/members/${org}`, payload: { role: 'member' } }), 201);
  }
  return id;
}

async function profile(body: Record<string, unknown>, as: Principal = admin): Promise<Profile> {
  return ok<Profile>(
    await as.inject({
      method: 'POST',
      url: '/api/v1/profiles',
      payload: { type: 'technology', partner: 'BIC', status: 'published', ...body },
    }),
    201,
  );
}

async function candidates(query: string, as: Principal = admin): Promise<CandidateList> {
  return ok<CandidateList>(await as.inject({ method: 'GET', url: `/api/v1/matchmaking/candidates?${query}` }));
}

async function setWeights(weights: Record<string, number>) {
  const current = await ok<MatchWeightsRecord>(await admin.inject({ method: 'GET', url: '/api/v1/matchmaking/weights' }));
  return ok<MatchWeightsRecord>(
    await admin.inject({
      method: 'PUT',
      url: '/api/v1/matchmaking/weights',
      headers: { 'if-match': `"v${current.version}"` },
      payload: { ...current.weights, ...weights },
    }),
  );
}

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
  bic = await t.staff('consultant', 'BIC');
  lop = await t.staff('consultant', 'LOP');
});

afterAll(async () => {
  await t?.close();
});

/*
 * Timestamps that differ only below the millisecond, and two that are equal, so that a cursor
 * that loses microseconds or forgets the id skips or repeats rows.
 */
const STAMPS = [
  '2026-03-01 10:00:00.000300+00',
  '2026-03-01 10:00:00.000300+00',
  '2026-03-01 10:00:00.000200+00',
  '2026-03-01 10:00:00.000100+00',
  '2026-02-28 09:00:00+00',
];

/** Gives row `ids[i]` the time `STAMPS[i]`, and answers the ids newest first, ties by id descending. */
async function stamp(table: typeof cooperationProfilesTable | typeof matchesTable, column: 'updated_at' | 'created_at', ids: string[]) {
  for (const [i, id] of ids.entries()) {
    await t.database.db.execute(sql`UPDATE ${table} SET ${sql.identifier(column)} = ${STAMPS[i]}::timestamptz WHERE id = ${id}::uuid`);
  }
  const tied = [ids[0]!, ids[1]!].sort().reverse();
  return [...tied, ...ids.slice(2)];
}

/** Every id of a list, read `limit` at a time by following nextCursor. */
async function allPages(url: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await ok(
      await admin.inject({ method: 'GET', url: `${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` }),
    );
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  return { ids, pages };
}

describe('cooperation profiles', () => {
  it('are created, read, changed with If-Match, listed and deleted, each change audited', async () => {
    const owner = await organisation('Laserwerk');
    const created = await profile(
      {
        ownerKind: 'organisation',
        ownerId: owner,
        kind: 'offer',
        title: { de: 'Laserschweißen für Edelstahl', pl: 'Spawanie laserowe stali nierdzewnej' },
        keywords: ['Laserschweißen', 'spawanie laserowe'],
        sectors: ['25'],
        validUntil: inDays(30),
        status: 'draft',
      },
      bic,
    );
    expect(created).toMatchObject({ ownerKind: 'organisation', ownerId: owner, status: 'draft', expired: false, version: 1 });
    expect(created.ownerName).toMatch(/^Laserwerk/);
    expect(created.ownerCountries).toEqual(['DE']);

    const url = `/api/v1/profiles/${created.id}`;
    expect((await bic.inject({ method: 'PATCH', url, payload: { status: 'published' } })).statusCode).toBe(428);
    expect((await bic.inject({ method: 'PATCH', url, headers: { 'if-match': '"v7"' }, payload: { status: 'published' } })).statusCode).toBe(
      412,
    );
    const denied = await lop.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: { status: 'published' } });
    expect(denied.statusCode).toBe(403);
    expect(json<Problem>(denied).code).toBe('FORBIDDEN');
    const changed = await ok<Profile>(
      await bic.inject({ method: 'PATCH', url, headers: { 'if-match': '"v1"' }, payload: { status: 'published' } }),
    );
    expect(changed).toMatchObject({ status: 'published', version: 2 });

    const page = await ok<ProfilePage>(await bic.inject({ method: 'GET', url: `/api/v1/profiles?ownerId=${owner}&active=true` }));
    expect(page.items.map((p) => p.id)).toEqual([created.id]);

    const audit = await ok<AuditPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=cooperation_profile&entityId=${created.id}` }),
    );
    expect(audit.items.map((e) => e.action).sort()).toEqual(['create', 'update']);

    expect((await bic.inject({ method: 'DELETE', url })).statusCode).toBe(204);
    const gone = await bic.inject({ method: 'GET', url });
    expect(gone.statusCode).toBe(404);
    expect(json<Problem>(gone).code).toBe('PROFILE_NOT_FOUND');
  });

  it('are listed newest change first, page by page, each exactly once', async () => {
    const owner = await organisation('Seitenweise');
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5])
      ids.push(
        (await profile({ ownerKind: 'organisation', ownerId: owner, kind: 'offer', title: { de: `Angebot ${n}` }, partner: 'BIC' })).id,
      );
    const expected = await stamp(cooperationProfilesTable, 'updated_at', ids);
    for (const limit of [1, 2, 3]) {
      expect(await allPages(`/api/v1/profiles?ownerId=${owner}`, limit)).toEqual({ ids: expected, pages: Math.ceil(5 / limit) });
    }
  });

  it('need an owner that exists and at least one language of the title', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/profiles',
      payload: {
        ownerKind: 'cluster',
        ownerId: '00000000-0000-4000-8000-000000000000',
        kind: 'offer',
        type: 'business',
        title: { de: 'X y' },
        partner: 'BIC',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors?.[0]?.pointer).toBe('/body/ownerId');
    const noTitle = await admin.inject({
      method: 'POST',
      url: '/api/v1/profiles',
      payload: {
        ownerKind: 'organisation',
        ownerId: await organisation('Leer'),
        kind: 'offer',
        type: 'business',
        title: {},
        partner: 'BIC',
      },
    });
    expect(noTitle.statusCode).toBe(400);
  });
});

describe('candidate search', () => {
  let seeker: string;
  let request: Profile;
  let sameOffer: Profile;
  let requestOrg: string;
  let offerOrg: string;

  beforeAll(async () => {
    seeker = await organisation('Oder Laser', {
      sectors: ['25'],
      competences: { de: 'Laserschweißen und Blechbearbeitung' },
      languages: ['de', 'en'],
    });
    // Two organisations alike in all but what their profile says: one requests what the seeker offers, one offers the same.
    requestOrg = await organisation('Lubuskie Metal', { country: 'PL', sectors: ['25'], languages: ['pl', 'en'] });
    offerOrg = await organisation('Gorzów Laser', { country: 'PL', sectors: ['25'], languages: ['pl', 'en'] });
    request = await profile({
      ownerKind: 'organisation',
      ownerId: requestOrg,
      kind: 'request',
      title: { pl: 'Szukamy partnera: laserschweißen blechbearbeitung' },
      keywords: ['laserschweißen'],
      sectors: ['25'],
    });
    sameOffer = await profile({
      ownerKind: 'organisation',
      ownerId: offerOrg,
      kind: 'offer',
      title: { pl: 'Oferujemy: laserschweißen blechbearbeitung' },
      keywords: ['laserschweißen'],
      sectors: ['25'],
    });
  });

  it('ranks a complementary request above an identical offer, and the explanation adds up to the score', async () => {
    const list = await candidates(`for=${seeker}&kind=profile`);
    const ids = list.items.map((c) => c.party.id);
    expect(ids.indexOf(request.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(request.id)).toBeLessThan(ids.indexOf(sameOffer.id));
    for (const c of list.items) {
      expect(c.components.reduce((s, x) => s + x.points, 0)).toBe(c.score);
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
    }
    const top = list.items.find((c) => c.party.id === request.id)!;
    const byKey = Object.fromEntries(top.components.map((c) => [c.key, c]));
    expect(byKey.complementarity!.details).toEqual(expect.arrayContaining(['laserschweissen', 'blechbearbeitung']));
    expect(byKey.crossBorder!.points).toBeGreaterThan(0);
    expect(byKey.sector!.details).toEqual(['25']);
    expect(byKey.language!.details).toEqual(['en']);
    expect(list.subject).toMatchObject({ kind: 'organisation', id: seeker, countries: ['DE'] });
  });

  it('gives the cross-border points only across the border', async () => {
    const neighbour = await organisation('Cottbus Metall', { sectors: ['25'] });
    const list = await candidates(`for=${seeker}&kind=organisation`);
    const of = (id: string) => list.items.find((c) => c.party.id === id)!.components.find((c) => c.key === 'crossBorder')!;
    expect(of(neighbour).points).toBe(0);
    expect(of(requestOrg).points).toBeGreaterThan(0);
  });

  it('filters by country, type, sector and minimum score', async () => {
    const lab = await organisation('Laserlabor Słubice', {
      country: 'PL',
      type: 'research',
      sectors: ['25'],
      competences: { de: 'Laserschweißen' },
    });
    const software = await organisation('Blech Software', { sectors: ['25', '62'] });
    const ids = (list: CandidateList) => list.items.map((c) => c.party.id);
    // Unfiltered, the list holds candidates that each filter leaves out.
    const all = await candidates(`for=${seeker}&limit=100`);
    expect(all.items.some((c) => !c.party.countries.includes('PL'))).toBe(true);
    expect(all.items.some((c) => !c.party.orgTypes.includes('research'))).toBe(true);
    expect(all.items.some((c) => c.score < 60)).toBe(true);
    expect(all.items.some((c) => !c.party.sectors.includes('62'))).toBe(true);

    const pl = await candidates(`for=${seeker}&country=PL`);
    expect(ids(pl)).toEqual(expect.arrayContaining([request.id, requestOrg, lab]));
    expect(pl.items.every((c) => c.party.countries.includes('PL'))).toBe(true);
    const research = await candidates(`for=${seeker}&type=research`);
    expect(ids(research)).toContain(lab);
    expect(research.items.every((c) => c.party.orgTypes.includes('research'))).toBe(true);
    const high = await candidates(`for=${seeker}&minScore=60`);
    expect(ids(high)).toContain(request.id);
    expect(high.items.every((c) => c.score >= 60)).toBe(true);
    const sector = await candidates(`for=${seeker}&sector=62`);
    expect(ids(sector)).toEqual([software]);
    expect((await admin.inject({ method: 'GET', url: `/api/v1/matchmaking/candidates?for=${seeker}&minScore=101` })).statusCode).toBe(400);
  });

  it('never lists expired, closed or draft profiles', async () => {
    const owner = await organisation('Słubice Stal', { country: 'PL', sectors: ['25'] });
    const base = { ownerKind: 'organisation', ownerId: owner, kind: 'request', title: { pl: 'laserschweißen blechbearbeitung' } };
    const expired = await profile({ ...base, validUntil: inDays(-1) });
    const closed = await profile({ ...base, status: 'closed' });
    const draft = await profile({ ...base, status: 'draft' });
    const lastDay = await profile({ ...base, validUntil: today });
    const ids = (await candidates(`for=${seeker}&limit=100`)).items.map((c) => c.party.id);
    expect(ids).not.toContain(expired.id);
    expect(ids).not.toContain(closed.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).toContain(lastDay.id);
  });

  it('leaves out organisations already in a cluster with the subject, unless asked', async () => {
    const colleague = await organisation('Kollege', { country: 'PL', sectors: ['25'] });
    await cluster('Lasercluster', [seeker, colleague]);
    expect((await candidates(`for=${seeker}&limit=100`)).items.map((c) => c.party.id)).not.toContain(colleague);
    expect((await candidates(`for=${seeker}&limit=100&excludeSameCluster=false`)).items.map((c) => c.party.id)).toContain(colleague);
  });

  it('answers 404 for an unknown subject', async () => {
    const res = await admin.inject({ method: 'GET', url: '/api/v1/matchmaking/candidates?for=00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(404);
    expect(json<Problem>(res).code).toBe('MATCH_PARTY_NOT_FOUND');
  });

  it('uses changed weights at once: the order follows them', async () => {
    const near = await organisation('Nahbar', { sectors: ['25'], languages: ['de'] });
    const far = await organisation('Daleko', { country: 'PL', sectors: ['28'], languages: ['pl'] });
    const order = async () =>
      (await candidates(`for=${near}&kind=organisation&limit=100`)).items
        .map((c) => c.party.id)
        .filter((id) => id === seeker || id === far);
    await setWeights({ crossBorder: 0, sector: 50 });
    expect(await order()).toEqual([seeker, far]);
    await setWeights({ crossBorder: 100, sector: 5 });
    expect(await order()).toEqual([far, seeker]);
    await setWeights(DEFAULT_MATCH_WEIGHTS);
  });

  it('returns what a full scan with the same scoring function returns', async () => {
    // A small random directory: both ways must agree on the top 10 for every subject.
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
    const words = ['holz', 'drewno', 'recycling', 'biogas', 'software', 'logistik', 'cnc', 'photonik', 'laser', 'chemie'];
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      ids.push(
        await organisation('Zufall', {
          country: pick(['DE', 'PL'] as const),
          type: pick(['sme', 'research', 'large']),
          sectors: [pick(['16', '25', '28', '62', '20', '49'])],
          competences: { en: `${pick(words)} ${pick(words)}` },
          needs: { de: pick(words) },
          languages: [pick(['de', 'pl', 'en'])],
        }),
      );
    }
    const weights = (await ok<MatchWeightsRecord>(await admin.inject({ method: 'GET', url: '/api/v1/matchmaking/weights' }))).weights;
    const all = await createPartyRepo(t.database.db).allParties(today);
    for (const id of ids.slice(0, 8)) {
      const subject = all.find((p) => p.party.id === id)!.party;
      const scan = fullScan(
        subject,
        all.map((p) => p.party),
        weights,
        { excludeSameCluster: true },
        10,
      );
      const api = await candidates(`for=${id}&limit=10`);
      expect(api.items.map((c) => `${c.party.kind}:${c.party.id}:${c.score}`)).toEqual(scan);
    }
  });
});

describe('weights', () => {
  it('are changed by administrators with If-Match, audited, and validated', async () => {
    const before = await ok<MatchWeightsRecord>(await bic.inject({ method: 'GET', url: '/api/v1/matchmaking/weights' }));
    expect(
      (
        await bic.inject({
          method: 'PUT',
          url: '/api/v1/matchmaking/weights',
          headers: { 'if-match': `"v${before.version}"` },
          payload: before.weights,
        })
      ).statusCode,
    ).toBe(403);
    expect((await admin.inject({ method: 'PUT', url: '/api/v1/matchmaking/weights', payload: before.weights })).statusCode).toBe(428);
    expect(
      (
        await admin.inject({
          method: 'PUT',
          url: '/api/v1/matchmaking/weights',
          headers: { 'if-match': `"v${before.version + 5}"` },
          payload: before.weights,
        })
      ).statusCode,
    ).toBe(412);
    const zero = { complementarity: 0, sector: 0, ris3: 0, crossBorder: 0, language: 0, orgType: 0 };
    expect(
      (
        await admin.inject({
          method: 'PUT',
          url: '/api/v1/matchmaking/weights',
          headers: { 'if-match': `"v${before.version}"` },
          payload: zero,
        })
      ).statusCode,
    ).toBe(400);
    const after = await setWeights({ ris3: 12 });
    expect(after.version).toBe(before.version + 1);
    expect(after.weights.ris3).toBe(12);
    const audit = await ok<AuditPage>(await admin.inject({ method: 'GET', url: '/api/v1/audit-log?entity=match_weights' }));
    expect(audit.items[0]!.changes).toMatchObject({ ris3: { before: before.weights.ris3, after: 12 } });
    await setWeights(DEFAULT_MATCH_WEIGHTS);
  });
});

describe('matches', () => {
  let de: string;
  let pl: string;
  const move = async (m: Match, to: string, as: Principal = bic, reason?: string) =>
    as.inject({
      method: 'POST',
      url: `/api/v1/matches/${m.id}/transitions`,
      headers: { 'if-match': `"v${m.version}"` },
      payload: { to, ...(reason ? { reason } : {}) },
    });
  const propose = async (a = de, b = pl, as: Principal = bic) =>
    ok<Match>(
      await as.inject({
        method: 'POST',
        url: '/api/v1/matches',
        payload: {
          parties: [
            { kind: 'organisation', id: a },
            { kind: 'organisation', id: b },
          ],
          note: 'Beide arbeiten mit Laser',
          score: 71,
        },
      }),
      201,
    );

  beforeAll(async () => {
    de = await organisation('Frankfurter Photonik', { sectors: ['26'] });
    pl = await organisation('Gubin Optyka', { country: 'PL', sectors: ['26'] });
  });

  it('move forward step by step, each step dated and by whom, to an agreed cooperation with outcomes', async () => {
    let m = await propose();
    expect(m).toMatchObject({ stage: 'proposed', crossBorder: true, partner: 'BIC', score: 71 });
    expect(m.parties.map((p) => p.id)).toEqual([de, pl]);
    expect(m.steps).toHaveLength(1);

    const early = await bic.inject({
      method: 'PATCH',
      url: `/api/v1/matches/${m.id}`,
      headers: { 'if-match': `"v${m.version}"` },
      payload: { outcomes: ['joint_project'] },
    });
    expect(early.statusCode).toBe(409);
    expect(json<Problem>(early).code).toBe('MATCH_OUTCOME_NOT_AGREED');

    for (const to of ['introduced', 'meeting_held', 'agreed']) m = await ok<Match>(await move(m, to));
    expect(m.stage).toBe('agreed');
    expect(m.steps.map((s) => s.stage)).toEqual(['proposed', 'introduced', 'meeting_held', 'agreed']);
    expect(m.steps.every((s) => s.by.id === bic.id && s.at)).toBe(true);

    m = await ok<Match>(
      await bic.inject({
        method: 'PATCH',
        url: `/api/v1/matches/${m.id}`,
        headers: { 'if-match': `"v${m.version}"` },
        payload: { outcomes: ['letter_of_intent', 'joint_project'] },
      }),
    );
    expect(m.outcomes).toEqual(['letter_of_intent', 'joint_project']);
    const audit = await ok<AuditPage>(await admin.inject({ method: 'GET', url: `/api/v1/audit-log?entity=match&entityId=${m.id}` }));
    expect(audit.items).toHaveLength(5);
  });

  it('refuse forbidden moves, a decline without a reason, stale versions and other partners’ consultants', async () => {
    const m = await propose();
    const skip = await move(m, 'agreed');
    expect(skip.statusCode).toBe(409);
    expect(json<Problem>(skip).code).toBe('INVALID_TRANSITION');
    expect((await move(m, 'proposed')).statusCode).toBe(409);
    expect((await move(m, 'declined')).statusCode).toBe(400);
    expect((await move(m, 'introduced', lop)).statusCode).toBe(403);
    expect((await move({ ...m, version: 9 }, 'introduced')).statusCode).toBe(412);
    const declined = await ok<Match>(await move(m, 'declined', bic, 'Keine Kapazität'));
    expect(declined).toMatchObject({ stage: 'declined', declineReason: 'Keine Kapazität' });
    expect(declined.steps.at(-1)).toMatchObject({ stage: 'declined', reason: 'Keine Kapazität' });
    expect((await move(declined, 'introduced')).statusCode).toBe(409);
  });

  it('need two different, existing parties', async () => {
    const same = await bic.inject({
      method: 'POST',
      url: '/api/v1/matches',
      payload: {
        parties: [
          { kind: 'organisation', id: de },
          { kind: 'organisation', id: de },
        ],
      },
    });
    expect(same.statusCode).toBe(422);
    expect(json<Problem>(same).code).toBe('MATCH_SAME_PARTY');
    const missing = await bic.inject({
      method: 'POST',
      url: '/api/v1/matches',
      payload: {
        parties: [
          { kind: 'organisation', id: de },
          { kind: 'cluster', id: pl },
        ],
      },
    });
    expect(missing.statusCode).toBe(404);
    expect(json<Problem>(missing).code).toBe('MATCH_PARTY_NOT_FOUND');
  });

  it('are counted for reporting: introductions, agreements, the cross-border ones, and on the dashboard', async () => {
    const neighbour = await organisation('Nachbar', { sectors: ['26'] });
    const local = await propose(de, neighbour);
    await ok<Match>(await move(local, 'introduced'));
    const counts = await ok<MatchCounts>(await bic.inject({ method: 'GET', url: '/api/v1/matches/counts' }));
    // From the tests above: one agreed across the border (introduced too), one declined before introduction; here one introduced locally.
    expect(counts).toMatchObject({ introduced: 2, introducedCrossBorder: 1, agreed: 1, agreedCrossBorder: 1 });
    expect(counts.byStage).toMatchObject({ agreed: 1, declined: 1, introduced: 1 });
    const later = await ok<MatchCounts>(await bic.inject({ method: 'GET', url: `/api/v1/matches/counts?from=${inDays(1)}` }));
    expect(later).toMatchObject({ introduced: 0, agreed: 0 });
    const dashboard = await ok<ProjectIndicators>(await bic.inject({ method: 'GET', url: '/api/v1/indicators' }));
    expect(dashboard.matches).toEqual({
      available: true,
      figures: { introduced: 2, introducedCrossBorder: 1, agreed: 1, agreedCrossBorder: 1 },
    });
  });

  it('are listed newest first, page by page, each exactly once', async () => {
    const party = await organisation('Seitenweise Partner', { country: 'PL', sectors: ['26'] });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push((await propose(de, party)).id);
    const expected = await stamp(matchesTable, 'created_at', ids);
    for (const limit of [1, 2, 3]) {
      expect(await allPages(`/api/v1/matches?partyId=${party}`, limit)).toEqual({ ids: expected, pages: Math.ceil(5 / limit) });
    }
    const first = await ok<MatchPage>(await bic.inject({ method: 'GET', url: `/api/v1/matches?partyId=${party}&limit=5` }));
    expect(first.nextCursor).toBeNull();
  });

  it('are listed by stage and party', async () => {
    const page = await ok<{ items: Match[] }>(await bic.inject({ method: 'GET', url: `/api/v1/matches?stage=agreed&partyId=${pl}` }));
    expect(page.items.map((m) => m.stage)).toEqual(['agreed']);
  });
});
