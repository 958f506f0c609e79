import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  Evaluation,
  EvaluationFollowUp,
  EvaluationFramework,
  EvaluationShare,
  EvaluationShareCreated,
  EvaluationShareList,
  PartnerCode,
  Problem,
  StoredFile,
} from '@euregionet/shared';
import type { Clock } from '../../clock.js';
import { queryRows } from '../../db/client.js';
import { createTestAppWithAdmin, json, ok, TEST_NOW, type Principal, type TestApp } from '../../test/app.js';
import { publishedFramework } from '../../test/records.js';

let t: TestApp;
let admin: Principal;
/** BIC's consultant: writes the evaluations of BIC's clusters. */
let author: Principal;
/** BIC's coordinator: reviews them. */
let reviewer: Principal;
let small: EvaluationFramework;

/** The app's clock, moved by the tests to see links expire. */
let nowMs = new Date(TEST_NOW).getTime();
const clock: Clock = { now: () => new Date(nowMs++) };
const DAY = 86_400_000;

const scale = [0, 1, 2, 3, 4].map((value) => ({ value, label: { en: `Level ${value}` } }));
const framework = {
  code: 'shared-results',
  name: { de: 'Kleiner Rahmen', pl: 'Małe ramy', en: 'Small framework' },
  dimensions: ['structure', 'strategy', 'services'].map((key) => ({
    key,
    name: { de: `${key} (de)`, pl: `${key} (pl)`, en: `${key} (en)` },
    weight: 1,
    criteria: [{ key: `${key}.one`, text: { en: key }, weight: 1, scale }],
  })),
  maturityLevels: [
    { key: 'emerging', label: { de: 'Im Aufbau', pl: 'Początkujący', en: 'Emerging' }, minScore: 0 },
    { key: 'established', label: { de: 'Etabliert', pl: 'Ugruntowany', en: 'Established' }, minScore: 60 },
  ],
};
const scores = (a: number, b: number, c: number) => ({
  'structure.one': { score: a },
  'strategy.one': { score: b },
  'services.one': { score: c },
});

const code = (res: { body: string }) => json<Problem>(res).code;
const tokenOf = (url: string) => /\/results\/([A-Za-z0-9_-]{43})$/.exec(url)![1]!;

async function newCluster(name: string, partner: PartnerCode = 'BIC'): Promise<string> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/v1/clusters',
    payload: { kind: 'cluster', name: { de: name }, regions: ['DE403'], partner },
  });
  return (await ok<{ id: string }>(res, 201)).id;
}

async function step(as: Principal, id: string, action: 'submit' | 'approve') {
  const read = await admin.inject({ method: 'GET', url: `/api/v1/evaluations/${id}` });
  return ok<Evaluation>(
    await as.inject({ method: 'POST', url: `/api/v1/evaluations/${id}/${action}`, headers: { 'if-match': read.headers.etag as string } }),
  );
}

/** An evaluation of the cluster, approved unless asked otherwise. */
async function evaluation(
  clusterId: string,
  body: Record<string, unknown>,
  status: 'draft' | 'approved' = 'approved',
): Promise<Evaluation> {
  const e = await ok<Evaluation>(
    await author.inject({
      method: 'POST',
      url: '/api/v1/evaluations',
      payload: { clusterId, frameworkId: small.id, language: 'en', ...body },
    }),
    201,
  );
  if (status === 'draft') return e;
  await step(author, e.id, 'submit');
  return step(reviewer, e.id, 'approve');
}

function share(as: Principal, evaluationId: string, body: Record<string, unknown> = { language: 'en' }) {
  return as.inject({ method: 'POST', url: `/api/v1/evaluations/${evaluationId}/shares`, payload: body });
}

async function upload(as: Principal, evaluationId: string, name: string, text: string): Promise<StoredFile> {
  const boundary = '----results-boundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`;
  const res = await as.inject({
    method: 'POST',
    url: `/api/v1/files?ownerType=evaluation&ownerId=${evaluationId}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return ok<StoredFile>(res, 201);
}

const open = (token: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/results/${token}`, headers });

let amber: Evaluation;
let birch: Evaluation;

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin({ rateLimitPerMinute: 100_000 }, { clock }));
  author = await t.staff('consultant', 'BIC');
  reviewer = await t.staff('coordinator', 'BIC');
  small = await publishedFramework(admin, framework);
  // Two clusters of one framework: the cohort. Amber scores 4, 4, 4 (100), Birch 0, 0, 0 (0).
  amber = await evaluation(await newCluster('Amber Cluster'), {
    answers: scores(4, 4, 4),
    strengths: 'Amber strength: a shared laboratory',
    weaknesses: 'Amber weakness: few SMEs',
    recommendations: [
      { text: 'Recruit ten SMEs', owner: 'Cluster management', dueDate: '2026-12-31' },
      { text: 'Open a Polish office', owner: 'Board', dueDate: '2027-06-30' },
    ],
  });
  birch = await evaluation(await newCluster('Birch Cluster'), {
    answers: scores(0, 0, 0),
    strengths: 'Birch strength: secret plan',
    weaknesses: 'Birch weakness: no strategy',
  });
});
afterAll(() => t.close());

describe('creating a results link', () => {
  it('answers the link once, keeps only the SHA-256 of its token, and is audited without it', async () => {
    const created = await ok<EvaluationShareCreated>(await share(author, amber.id, { language: 'pl', days: 30 }), 201);
    expect(created.url).toMatch(/^https?:\/\/[^/]+\/results\/[A-Za-z0-9_-]{43}$/);
    // 3 June 2026, 08:00 UTC plus 30 days.
    expect(created).toMatchObject({ language: 'pl', opens: 0, revokedAt: null, active: true, fileIds: [] });
    expect(created.expiresAt.slice(0, 16)).toBe('2026-07-03T08:00');
    const token = tokenOf(created.url);
    const [row] = await queryRows<{ token_hash: string; dump: string }>(
      t.database.db,
      sql`SELECT token_hash, row_to_json(s)::text AS dump FROM evaluation_shares s WHERE id = ${created.id}`,
    );
    expect(row!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row!.dump).not.toContain(token);
    const audit = await queryRows<{ changes: string }>(
      t.database.db,
      sql`SELECT changes::text AS changes FROM audit_log WHERE entity = 'evaluation_share' AND entity_id = ${created.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).not.toContain(token);
    expect(audit[0]!.changes).not.toContain(row!.token_hash);

    const list = await ok<EvaluationShareList>(await reviewer.inject({ method: 'GET', url: `/api/v1/evaluations/${amber.id}/shares` }));
    expect(list.items.map((s) => s.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('is refused for an evaluation that is not approved', async () => {
    const draft = await evaluation(await newCluster('Draft Cluster'), { answers: scores(1, 1, 1) }, 'draft');
    const res = await share(author, draft.id);
    expect([res.statusCode, code(res)]).toEqual([409, 'EVALUATION_NOT_APPROVED']);
  });

  it('is for staff of the evaluating partner and administrators, not another partner', async () => {
    const lopConsultant = await t.staff('consultant', 'LOP');
    const lopCoordinator = await t.staff('coordinator', 'LOP');
    const bicViewer = await t.staff('viewer', 'BIC');
    for (const other of [lopConsultant, lopCoordinator]) {
      const res = await share(other, amber.id);
      expect([res.statusCode, code(res)]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await share(bicViewer, amber.id)).statusCode).toBe(403);
    expect((await share(reviewer, amber.id)).statusCode).toBe(201);
    expect((await share(admin, amber.id)).statusCode).toBe(201);
    const unknown = await share(author, '00000000-0000-4000-8000-000000000000');
    expect([unknown.statusCode, code(unknown)]).toEqual([404, 'EVALUATION_NOT_FOUND']);
  });
});

describe('the results page', () => {
  it('shows score, radar, cohort, notes and action items in the link’s language, and counts each opening', async () => {
    const created = await ok<EvaluationShareCreated>(await share(author, amber.id, { language: 'de' }), 201);
    const token = tokenOf(created.url);
    const res = await open(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'nonce-[^']+';/);
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    const html = res.body;
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('Ergebnisse der Clusterevaluierung');
    expect(html).toContain('Amber Cluster');
    expect(html).toContain('<dd data-testid="overall">100 / 100</dd>');
    expect(html).toContain('Etabliert');
    expect(html).toContain('Kleiner Rahmen');
    // The radar: one spoke per dimension, labelled in German.
    expect(html).toMatch(/<svg [^>]*data-testid="radar"/);
    expect((html.match(/<line /g) ?? []).length).toBe(3);
    for (const d of ['structure (de)', 'strategy (de)', 'services (de)']) expect(html).toContain(d);
    // Cohort of Amber (100) and Birch (0): median 50, Amber's percentile 50 + 50/2 = 75.
    expect(html).toContain('Verglichen mit der neuesten genehmigten Evaluierung von 2 Clustern');
    expect(html).toContain('<th scope="row">Gesamtergebnis</th><td class="num">100</td><td class="num">50</td><td class="num">75</td>');
    expect(html).toContain('Amber strength: a shared laboratory');
    expect(html).toContain('Amber weakness: few SMEs');
    expect(html).toContain('Die Anmerkungen sind in der Sprache der Evaluierung geschrieben.');
    expect(html).toContain('<td>Recruit ten SMEs</td><td>Cluster management</td><td>31.12.2026</td><td class="status-open">Offen</td>');
    expect(html).not.toContain('<script');

    await open(token);
    const list = await ok<EvaluationShareList>(await author.inject({ method: 'GET', url: `/api/v1/evaluations/${amber.id}/shares` }));
    const counted = list.items.find((s) => s.id === created.id)!;
    expect(counted.opens).toBe(2);
    expect(counted.firstOpenedAt).not.toBeNull();
  });

  it('shows only its own evaluation: nothing of another cluster’s', async () => {
    const birchLink = tokenOf((await ok<EvaluationShareCreated>(await share(author, birch.id), 201)).url);
    const amberLink = tokenOf((await ok<EvaluationShareCreated>(await share(author, amber.id), 201)).url);
    const birchPage = (await open(birchLink)).body;
    const amberPage = (await open(amberLink)).body;
    expect(birchPage).toContain('Birch strength: secret plan');
    expect(birchPage).toContain('<dd data-testid="overall">0 / 100</dd>');
    for (const amberText of ['Amber Cluster', 'Amber strength', 'Amber weakness', 'Recruit ten SMEs'])
      expect(birchPage).not.toContain(amberText);
    for (const birchText of ['Birch Cluster', 'Birch strength', 'Birch weakness']) expect(amberPage).not.toContain(birchText);
  });

  it('answers a token that was never issued with the 404 page, in the browser’s language', async () => {
    const res = await open('A'.repeat(43), { 'accept-language': 'pl-PL,pl;q=0.9' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Ten link nie działa (już)');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await open('short')).statusCode).toBe(404);
  });
});

describe('expiry and revocation', () => {
  it('opens nothing after the expiry, and counts no opening then', async () => {
    const created = await ok<EvaluationShareCreated>(await share(author, amber.id, { language: 'en', days: 1 }), 201);
    const token = tokenOf(created.url);
    const start = nowMs;
    try {
      nowMs = start + DAY - 60_000;
      expect((await open(token)).statusCode).toBe(200);
      nowMs = start + DAY + 60_000;
      const late = await open(token, { 'accept-language': 'en' });
      expect(late.statusCode).toBe(404);
      expect(late.body).toContain('it has expired or was revoked');
      const list = await ok<EvaluationShareList>(await author.inject({ method: 'GET', url: `/api/v1/evaluations/${amber.id}/shares` }));
      expect(list.items.find((s) => s.id === created.id)).toMatchObject({ opens: 1, active: false, revokedAt: null });
    } finally {
      nowMs = start + 2 * 60_000;
    }
  });

  it('opens nothing once revoked; another partner may not revoke', async () => {
    const created = await ok<EvaluationShareCreated>(await share(author, amber.id), 201);
    const token = tokenOf(created.url);
    expect((await open(token)).statusCode).toBe(200);
    const url = `/api/v1/evaluations/${amber.id}/shares/${created.id}/revocation`;
    const lop = await t.staff('consultant', 'LOP');
    expect((await lop.inject({ method: 'POST', url })).statusCode).toBe(403);
    expect((await open(token)).statusCode).toBe(200);
    const revoked = await ok<EvaluationShare>(await author.inject({ method: 'POST', url }));
    expect(revoked).toMatchObject({ active: false, opens: 2 });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await open(token)).statusCode).toBe(404);
    // Revoking again keeps the first revocation.
    expect((await ok<EvaluationShare>(await author.inject({ method: 'POST', url }))).revokedAt).toBe(revoked.revokedAt);
    const other = await author.inject({ method: 'POST', url: `/api/v1/evaluations/${birch.id}/shares/${created.id}/revocation` });
    expect([other.statusCode, code(other)]).toEqual([404, 'EVALUATION_SHARE_NOT_FOUND']);
  });
});

describe('evidence files', () => {
  it('are downloaded through the link only when it names them, and never another evaluation’s', async () => {
    const shown = await upload(author, amber.id, 'members.txt', 'Amber member list');
    const kept = await upload(author, amber.id, 'internal.txt', 'Amber internal notes');
    const birchFile = await upload(author, birch.id, 'birch.txt', 'Birch finances');
    // Another partner's consultant may read evidence (every staff member reads evaluations) but not attach it.
    const lop = await t.staff('consultant', 'LOP');
    const refused = await lop.inject({
      method: 'POST',
      url: `/api/v1/files?ownerType=evaluation&ownerId=${amber.id}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nA\r\n--x--\r\n',
    });
    expect(refused.statusCode).toBe(403);
    expect((await t.anonymous.inject({ method: 'GET', url: `/api/v1/files/${shown.id}` })).statusCode).toBe(404);

    const foreign = await share(author, amber.id, { language: 'en', fileIds: [shown.id, birchFile.id] });
    expect(foreign.statusCode).toBe(400);
    expect(json<Problem>(foreign).errors?.map((e) => e.pointer)).toEqual(['/body/fileIds/1']);

    const created = await ok<EvaluationShareCreated>(await share(author, amber.id, { language: 'en', fileIds: [shown.id] }), 201);
    const token = tokenOf(created.url);
    const page = (await open(token)).body;
    expect(page).toContain(`<a href="/results/${token}/files/${shown.id}" download>members.txt</a>`);
    expect(page).not.toContain('internal.txt');

    const download = await t.app.inject({ method: 'GET', url: `/results/${token}/files/${shown.id}` });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('Amber member list');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('private, no-store');
    for (const other of [kept.id, birchFile.id]) {
      expect((await t.app.inject({ method: 'GET', url: `/results/${token}/files/${other}` })).statusCode).toBe(404);
    }
    await author.inject({ method: 'POST', url: `/api/v1/evaluations/${amber.id}/shares/${created.id}/revocation` });
    expect((await t.app.inject({ method: 'GET', url: `/results/${token}/files/${shown.id}` })).statusCode).toBe(404);
  });
});

describe('following up action items', () => {
  it('sets a status on an approved evaluation, audited; the page and the next evaluation show it', async () => {
    const url = (i: number) => `/api/v1/evaluations/${amber.id}/action-items/${i}/status`;
    const lop = await t.staff('consultant', 'LOP');
    expect((await lop.inject({ method: 'PUT', url: url(0), payload: { status: 'done' } })).statusCode).toBe(403);
    const missing = await author.inject({ method: 'PUT', url: url(2), payload: { status: 'done' } });
    expect(missing.statusCode).toBe(404);
    const done = await ok<EvaluationFollowUp>(await author.inject({ method: 'PUT', url: url(0), payload: { status: 'done' } }));
    expect(done.items.map((i) => i.status)).toEqual(['done', 'open']);
    expect(done.items[0]!.updatedByName).toMatch(/^consultant BIC/);
    await ok(await author.inject({ method: 'PUT', url: url(1), payload: { status: 'in_progress' } }));
    const audit = await queryRows<{ changes: Record<string, unknown> }>(
      t.database.db,
      sql`SELECT changes FROM audit_log WHERE entity = 'evaluation' AND entity_id = ${amber.id} AND changes ? 'recommendations/0/status'`,
    );
    expect(audit.map((a) => a.changes)).toEqual([{ 'recommendations/0/status': { before: 'open', after: 'done' } }]);

    const token = tokenOf((await ok<EvaluationShareCreated>(await share(author, amber.id, { language: 'en' }), 201)).url);
    const page = (await open(token)).body;
    expect(page).toContain('<td>Recruit ten SMEs</td><td>Cluster management</td><td>31/12/2026</td><td class="status-done">Done</td>');
    expect(page).toContain('<td class="status-in_progress">In progress</td>');

    // The next evaluation of the same cluster, still a draft: it shows how far the last one's items got.
    const next = await evaluation(amber.clusterId, { answers: scores(3, 3, 3), recommendations: [{ text: 'Hire a manager' }] }, 'draft');
    const followUp = await ok<EvaluationFollowUp>(await author.inject({ method: 'GET', url: `/api/v1/evaluations/${next.id}/follow-up` }));
    expect(followUp.previous).toEqual({
      evaluationId: amber.id,
      evaluatedOn: amber.evaluatedOn,
      items: [
        { text: 'Recruit ten SMEs', owner: 'Cluster management', dueDate: '2026-12-31', status: 'done' },
        { text: 'Open a Polish office', owner: 'Board', dueDate: '2027-06-30', status: 'in_progress' },
      ],
    });
    const notYet = await author.inject({
      method: 'PUT',
      url: `/api/v1/evaluations/${next.id}/action-items/0/status`,
      payload: { status: 'done' },
    });
    expect([notYet.statusCode, code(notYet)]).toEqual([409, 'EVALUATION_NOT_APPROVED']);
  });
});

describe('the indicators', () => {
  it('count the links opened for the first time in the period as a supporting figure', async () => {
    // Opened in this file: one link in the page test, two in the leak test, one each in the
    // revocation, evidence and follow-up tests (3 June); the expiry test's link on 4 June.
    const figure = async (query: string) =>
      (await ok<{ sharesOpened: number }>(await reviewer.inject({ method: 'GET', url: `/api/v1/indicators?${query}` }))).sharesOpened;
    expect(await figure('from=2026-06-03&to=2026-06-03')).toBe(6);
    expect(await figure('from=2026-06-03&to=2026-06-04')).toBe(7);
    expect(await figure('from=2026-06-04')).toBe(1);
    expect(await figure('from=2026-06-05')).toBe(0);
  });
});

// Last in the file: it spends this address's allowance of the page.
describe('guessing tokens', () => {
  it('is slowed per address: past 120 openings a minute the page says so, with Retry-After', async () => {
    const guess = (i: number) =>
      t.app.inject({
        method: 'GET',
        url: `/results/${String(i).padStart(43, 'x')}`,
        headers: { 'accept-language': 'de' },
        remoteAddress: '203.0.113.9',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await guess(i)).statusCode);
    expect(statuses.filter((s) => s === 404)).toHaveLength(120);
    expect(statuses[120]).toBe(429);
    const refused = await guess(121);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('<html lang="de">');
    expect(refused.headers['x-robots-tag']).toBe('noindex');
  });
});
