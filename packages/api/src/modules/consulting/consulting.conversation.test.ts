import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { ConsultingRequestDetail, ConsultingStatusView, Problem } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, testConfig, TEST_NOW, type Principal, type TestApp } from '../../test/app.js';
import { polishFundingRequest, submitPortalRequest } from '../../test/consulting.js';
import { consultingOptions, createConsultingService } from './consulting.service.js';

/** A clock the tests set: each reading moves a millisecond, so events keep their order. */
const clock = {
  at: Date.parse(TEST_NOW),
  now() {
    return new Date(this.at++);
  },
  set(iso: string) {
    this.at = Date.parse(iso);
  },
};

let t: TestApp;
let admin: Principal;
let portal: Principal;
let consultant: Principal & { email: string };
let coordinator: Principal & { email: string };
let deadlines: ReturnType<typeof createConsultingService>;
const BASE = 'https://beratung.example.eu';

beforeAll(async () => {
  const base = testConfig();
  t = await createTestApp(
    {
      rateLimitPerMinute: 100_000,
      publicBaseUrl: BASE,
      consulting: {
        ...base.consulting,
        firstResponseDays: 2,
        statusRepliesPerHour: 3,
        escalationDays: 2,
        waitingCloseDays: 28,
        statusLinkGraceDays: 30,
      },
    },
    { clock },
  );
  deadlines = createConsultingService(t.database.db, consultingOptions(t.config, clock));
  admin = await t.admin();
  portal = await t.apiKey(['requests:create'], { rateLimitPerMinute: 10_000 });
  consultant = await t.staff('consultant', 'BIC');
  coordinator = await t.staff('coordinator', 'BIC');
});
afterAll(() => t.close());

let counter = 0;
async function newRequest(language: 'de' | 'pl' | 'en' = 'pl'): Promise<ConsultingRequestDetail> {
  clock.set(TEST_NOW);
  const n = ++counter;
  const body = polishFundingRequest(`Katarzyna Wiśniewska ${n}`, `k.wisniewska.${n}@firma.example.pl`, { language });
  return detail((await submitPortalRequest(portal, admin, body, `198.51.100.${n}`)).id);
}

const detail = async (id: string) =>
  json<ConsultingRequestDetail>(await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${id}` }));

interface MailRow {
  kind: string;
  recipient: string;
  reply_to: string | null;
  language: string;
  subject: string;
  body: string;
}
const mailsOf = (id: string) =>
  queryRows<MailRow>(
    t.database.db,
    sql`SELECT kind, recipient, reply_to, language, subject, body FROM outbox_messages WHERE source_id = ${id} ORDER BY created_at, kind`,
  );

const tokenIn = (body: string) => {
  const m = new RegExp(`${BASE}/status/([A-Za-z0-9_-]{43})`).exec(body);
  expect(m).not.toBeNull();
  return m![1]!;
};
const latestToken = async (id: string) => tokenIn((await mailsOf(id)).filter((m) => m.recipient.startsWith('k.wisniewska')).at(-1)!.body);

const page = (token: string, headers: Record<string, string> = {}) =>
  t.anonymous.inject({ method: 'GET', url: `/status/${token}`, headers });
const answer = (token: string, text: string, headers: Record<string, string> = {}) =>
  t.anonymous.inject({
    method: 'POST',
    url: `/status/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams({ body: text }).toString(),
  });

async function moveTo(id: string, ...steps: Record<string, unknown>[]) {
  for (const body of steps) {
    const res = await admin.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/transitions`, payload: body });
    expect(res.statusCode).toBe(200);
  }
}
async function assign(id: string) {
  const res = await admin.inject({
    method: 'POST',
    url: `/api/v1/consulting-requests/${id}/assignment`,
    payload: { partner: 'BIC', assigneeId: consultant.id },
  });
  expect(res.statusCode).toBe(200);
}

describe('the status link', () => {
  it('comes in the confirmation with Reply-To the partner mailbox, and only its hash is stored', async () => {
    const set = await admin.inject({
      method: 'PUT',
      url: '/api/v1/partner-mailboxes/BIC',
      payload: { replyTo: 'Beratung@BIC.example.eu' },
    });
    expect(set.statusCode).toBe(200);
    const r = await newRequest('pl');
    const [mail] = await mailsOf(r.id);
    expect(mail!.kind).toBe('request_received');
    expect(mail!.reply_to).toBe('beratung@bic.example.eu');
    expect(mail!.body).toContain('Odpowiedzi wysłane na tej stronie są zapisywane przy Twoim zapytaniu.');
    // The link comes before the signature.
    expect(mail!.body.indexOf('/status/')).toBeLessThan(mail!.body.indexOf('Z poważaniem'));
    const token = tokenIn(mail!.body);
    const stored = await queryRows<{ token_hash: string }>(
      t.database.db,
      sql`SELECT token_hash FROM consulting_status_links WHERE request_id = ${r.id}`,
    );
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    const res = await page(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(res.headers['content-security-policy'])).toMatch(/^default-src 'none'; style-src 'nonce-[^']+'; form-action 'self'/);
    // The token never leaves the site as a referrer.
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.body).toContain('<html lang="pl">');
    expect(res.body).toContain(`<dd data-testid="reference">${r.reference}</dd>`);
    expect(res.body).toContain('<dd data-testid="state">Otrzymane</dd>');
    expect(res.body).toContain('<dd>05.06.2026</dd>');
    expect(res.body).toContain('<form method="post"');
  });

  it('opens nothing when unknown, and says so in the browser’s language', async () => {
    const res = await page('A'.repeat(43), { 'accept-language': 'de-DE' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Dieser Link funktioniert nicht (mehr).');
  });

  it('shows the replies staff sent, escaped, and no internal note', async () => {
    const r = await newRequest('pl');
    await assign(r.id);
    for (const payload of [
      { kind: 'reply', body: 'Proszę przesłać <b>budżet</b> & "harmonogram" <script>alert(1)</script>' },
      { kind: 'note', body: 'Wewnętrzna notatka' },
    ]) {
      expect((await admin.inject({ method: 'POST', url: `/api/v1/consulting-requests/${r.id}/comments`, payload })).statusCode).toBe(200);
    }
    const res = await page(await latestToken(r.id));
    expect(res.body).toContain(
      'Proszę przesłać &lt;b&gt;budżet&lt;/b&gt; &amp; &quot;harmonogram&quot; &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(res.body).not.toContain('<script>');
    expect(res.body).not.toContain('Wewnętrzna notatka');
  });
});

describe('an answer on the status page', () => {
  it('lands in the timeline, moves a waiting request back to in progress and tells the assignee in their language', async () => {
    const r = await newRequest('pl');
    await assign(r.id);
    await moveTo(r.id, { to: 'in_progress' }, { to: 'waiting_for_requester', note: 'Pytanie o budżet' });
    const token = await latestToken(r.id);
    const res = await answer(token, 'Budżet wynosi 200 000 EUR.', { origin: 'http://localhost:80' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/status/${token}?sent=1`);

    const after = await detail(r.id);
    expect(after.status).toBe('in_progress');
    const last = after.timeline.at(-1)!;
    expect([last.kind, last.body, last.fromStatus, last.toStatus]).toEqual([
      'requester_reply',
      'Budżet wynosi 200 000 EUR.',
      'waiting_for_requester',
      'in_progress',
    ]);
    const notice = (await mailsOf(r.id)).filter((m) => m.kind === 'requester_replied');
    expect(notice).toHaveLength(1);
    expect(notice[0]!.recipient).toBe(consultant.email);
    expect(notice[0]!.subject).toBe(`Antwort des Anfragenden zu ${r.reference}`);
    expect(notice[0]!.body).toContain('Budżet wynosi 200 000 EUR.');

    const shown = await t.anonymous.inject({ method: 'GET', url: `/status/${token}?sent=1` });
    expect(shown.body).toContain('Dziękujemy: Twoja odpowiedź została zapisana przy zapytaniu.');
    expect(shown.body).toContain('<dd data-testid="state">W trakcie</dd>');
    expect(shown.body).toContain('Budżet wynosi 200 000 EUR.');
  });

  it('is refused from another site, when empty, and above the body cap', async () => {
    const r = await newRequest('en');
    const token = await latestToken(r.id);
    const foreign = await answer(token, 'Forged', { origin: 'https://evil.example.com' });
    expect(foreign.statusCode).toBe(403);
    expect((await answer(token, 'Forged too', { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await answer(token, 'Forged three', { 'sec-fetch-site': 'same-site', origin: 'null' })).statusCode).toBe(403);
    expect((await answer(token, '   ')).statusCode).toBe(400);
    const long = await answer(token, 'x'.repeat(5001));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('The answer is too long (at most 5000 characters).');
    expect((await answer(token, 'ł'.repeat(9000))).statusCode).toBe(413);
    expect((await detail(r.id)).timeline.filter((e) => e.kind === 'requester_reply')).toEqual([]);
  });

  it('is limited per link', async () => {
    const r = await newRequest('en');
    const token = await latestToken(r.id);
    for (let i = 1; i <= 3; i++) expect((await answer(token, `Answer ${i}`)).statusCode).toBe(303);
    const fourth = await answer(token, 'Answer 4');
    expect(fourth.statusCode).toBe(429);
    expect(fourth.body).toContain('Too many answers in a short time.');
    expect((await detail(r.id)).timeline.filter((e) => e.kind === 'requester_reply')).toHaveLength(3);
  });
});

describe('the portal’s view', () => {
  it('answers the state with the requester’s token, and nothing for another reference or without it', async () => {
    const r = await newRequest('pl');
    const other = await newRequest('pl');
    const token = await latestToken(r.id);
    const url = `/api/v1/public/consulting-requests/${r.reference}`;
    const res = await portal.inject({ method: 'GET', url, headers: { 'x-status-token': token } });
    expect(res.statusCode).toBe(200);
    const view = json<ConsultingStatusView>(res);
    expect(view).toEqual({
      reference: r.reference,
      status: 'new',
      language: 'pl',
      topic: 'funding',
      receivedAt: r.createdAt,
      firstResponseDueOn: '2026-06-05',
      canReply: true,
      messages: [],
      files: [],
    });
    const wrong = await portal.inject({
      method: 'GET',
      url: `/api/v1/public/consulting-requests/${other.reference}`,
      headers: { 'x-status-token': token },
    });
    expect(wrong.statusCode).toBe(404);
    expect(json<Problem>(wrong).code).toBe('STATUS_LINK_INVALID');
    expect((await portal.inject({ method: 'GET', url })).statusCode).toBe(400);
    expect((await t.anonymous.inject({ method: 'GET', url, headers: { 'x-status-token': token } })).statusCode).toBe(401);
  });
});

describe('revocation and expiry', () => {
  it('ends every link when staff revoke them; a new link goes out on request', async () => {
    const r = await newRequest('de');
    const old = await latestToken(r.id);
    const res = await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${r.id}/status-links/revocation`,
      payload: { sendNewLink: true },
    });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ revoked: 1, sentNewLink: true });
    expect((await page(old)).statusCode).toBe(404);
    const fresh = await latestToken(r.id);
    expect(fresh).not.toBe(old);
    expect((await page(fresh)).statusCode).toBe(200);
    expect((await mailsOf(r.id)).at(-1)!.subject).toBe(`Neuer Link zu Ihrer Beratungsanfrage ${r.reference}`);
  });

  it('keeps a link working until 30 days after the rejection, without the answer form', async () => {
    const r = await newRequest('pl');
    const token = await latestToken(r.id);
    clock.set('2026-06-04T09:00:00Z');
    await moveTo(r.id, { to: 'rejected', reason: 'Temat wykracza poza obszar programu.' });
    const closed = await page(token);
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('<dd data-testid="state">Odrzucone</dd>');
    expect(closed.body).not.toContain('<form');
    expect((await answer(token, 'Ale dlaczego?')).statusCode).toBe(409);
    clock.set('2026-07-04T08:59:00Z');
    expect((await page(token)).statusCode).toBe(200);
    clock.set('2026-07-04T09:00:01Z');
    expect((await page(token)).statusCode).toBe(404);
    // The rejection mail's own link counts down from the rejection too.
    expect((await page(await latestToken(r.id))).statusCode).toBe(404);
  });
});

describe('rejection', () => {
  it.each([
    [
      'pl',
      'Nie możemy podjąć się Twojego zapytania',
      'niestety nie możemy rozpatrzyć Twojego zapytania',
      'Powód:\n\nTemat wykracza poza obszar programu.',
    ],
    ['de', 'Ihre Beratungsanfrage', 'leider können wir Ihre Anfrage', 'Der Grund:\n\nTemat wykracza poza obszar programu.'],
    [
      'en',
      'We cannot take on your consulting request',
      'unfortunately we cannot handle your request',
      'The reason:\n\nTemat wykracza poza obszar programu.',
    ],
  ] as const)('is e-mailed in the requester’s language (%s) with its reason', async (lang, subject, opening, reason) => {
    const r = await newRequest(lang);
    await moveTo(r.id, { to: 'rejected', reason: 'Temat wykracza poza obszar programu.' });
    const mail = (await mailsOf(r.id)).filter((m) => m.kind === 'request_rejected');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.language).toBe(lang);
    expect(mail[0]!.subject).toContain(subject);
    expect(mail[0]!.subject).toContain(r.reference);
    expect(mail[0]!.body).toContain(opening);
    expect(mail[0]!.body).toContain(reason);
    expect(mail[0]!.body).toContain(`${BASE}/status/`);
  });
});

describe('the deadline worker', () => {
  it('reminds the assignee once after the due day, then the coordinators once after the further delay', async () => {
    const r = await newRequest('pl');
    expect(r.firstResponseDueOn).toBe('2026-06-05');
    await assign(r.id);
    const steps = async () => {
      const d = await detail(r.id);
      const mails = (await mailsOf(r.id)).filter((m) => m.kind === 'request_overdue' || m.kind === 'request_escalated');
      return {
        timeline: d.timeline.filter((e) => e.kind === 'reminder' || e.kind === 'escalation').map((e) => e.kind),
        mails: mails.map((m) => `${m.kind} ${m.recipient}`),
      };
    };
    clock.set('2026-06-05T20:00:00Z');
    await deadlines.runDeadlines();
    expect(await steps()).toEqual({ timeline: [], mails: [] });

    clock.set('2026-06-06T08:00:00Z');
    await deadlines.runDeadlines();
    await deadlines.runDeadlines();
    expect(await steps()).toEqual({ timeline: ['reminder'], mails: [`request_overdue ${consultant.email}`] });
    const reminder = (await mailsOf(r.id)).find((m) => m.kind === 'request_overdue')!;
    expect(reminder.subject).toBe(`Erinnerung: Beratungsanfrage ${r.reference} ist überfällig`);
    expect(reminder.body).toContain('war bis 05.06.2026 fällig');

    clock.set('2026-06-07T20:00:00Z');
    await deadlines.runDeadlines();
    expect((await steps()).timeline).toEqual(['reminder']);

    clock.set('2026-06-08T06:00:00Z');
    await deadlines.runDeadlines();
    await deadlines.runDeadlines();
    const after = await steps();
    expect(after.timeline).toEqual(['reminder', 'escalation']);
    expect(after.mails).toContain(`request_escalated ${coordinator.email}`);
    expect(after.mails.filter((m) => m.startsWith('request_overdue'))).toEqual([`request_overdue ${consultant.email}`]);
    expect(after.mails.filter((m) => m === `request_escalated ${coordinator.email}`)).toHaveLength(1);
  });

  it('escalates earlier, and once, for a partner that set a shorter delay; other partners keep the default', async () => {
    const citConsultant = await t.staff('consultant', 'CIT');
    const citCoordinator = await t.staff('coordinator', 'CIT');
    const lopCoordinator = await t.staff('coordinator', 'LOP');
    // Only the partner's own coordinators (and administrators) set its delays.
    const foreign = await lopCoordinator.inject({
      method: 'PUT',
      url: '/api/v1/partner-mailboxes/CIT',
      payload: { replyTo: null, escalationDays: 1 },
    });
    expect(foreign.statusCode).toBe(403);
    const tooLong = await citCoordinator.inject({
      method: 'PUT',
      url: '/api/v1/partner-mailboxes/CIT',
      payload: { replyTo: null, escalationDays: 61 },
    });
    expect(tooLong.statusCode).toBe(400);
    const set = await citCoordinator.inject({
      method: 'PUT',
      url: '/api/v1/partner-mailboxes/CIT',
      payload: { replyTo: null, escalationDays: 1 },
    });
    expect(set.statusCode).toBe(200);
    expect(json(set)).toMatchObject({ partner: 'CIT', replyTo: null, escalationDays: 1, waitingCloseDays: null });
    const audit = await queryRows<{ changes: unknown }>(
      t.database.db,
      sql`SELECT changes FROM audit_log WHERE entity = 'partner_mailbox' AND actor_id = ${citCoordinator.id}`,
    );
    expect(audit.map((a) => a.changes)).toEqual([{ 'CIT.escalationDays': { before: null, after: 1 } }]);

    const cit = await newRequest('de');
    const bic = await newRequest('de');
    const toCit = await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${cit.id}/assignment`,
      payload: { partner: 'CIT', assigneeId: citConsultant.id },
    });
    expect(json<ConsultingRequestDetail>(toCit).firstResponseDueOn).toBe('2026-06-05');
    await assign(bic.id);
    const escalations = async (id: string) => (await mailsOf(id)).filter((m) => m.kind === 'request_escalated').map((m) => m.recipient);

    clock.set('2026-06-06T20:00:00Z');
    await deadlines.runDeadlines();
    expect(await escalations(cit.id)).toEqual([]);

    // One day past the due day's end: CIT's coordinators hear of it, BIC's not yet (two days).
    clock.set('2026-06-07T06:00:00Z');
    await deadlines.runDeadlines();
    await deadlines.runDeadlines();
    expect(await escalations(cit.id)).toEqual([citCoordinator.email]);
    expect(await escalations(bic.id)).toEqual([]);

    clock.set('2026-06-08T06:00:00Z');
    await deadlines.runDeadlines();
    expect(await escalations(cit.id)).toEqual([citCoordinator.email]);
    expect(await escalations(bic.id)).toEqual([coordinator.email]);
    expect((await detail(cit.id)).timeline.filter((e) => e.kind === 'escalation')).toHaveLength(1);
  });

  it('closes a waiting request after the partner’s own closing delay', async () => {
    const citConsultant = await t.staff('consultant', 'CIT');
    const set = await admin.inject({
      method: 'PUT',
      url: '/api/v1/partner-mailboxes/CIT',
      payload: { replyTo: null, waitingCloseDays: 7 },
    });
    expect(json(set)).toMatchObject({ escalationDays: 1, waitingCloseDays: 7 });
    const r = await newRequest('de');
    await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${r.id}/assignment`,
      payload: { partner: 'CIT', assigneeId: citConsultant.id },
    });
    clock.set('2026-06-04T10:00:00Z');
    await moveTo(r.id, { to: 'in_progress' }, { to: 'waiting_for_requester', note: 'Frage' });
    clock.set('2026-06-11T09:59:00Z');
    await deadlines.runDeadlines();
    expect((await detail(r.id)).status).toBe('waiting_for_requester');
    clock.set('2026-06-11T10:01:00Z');
    await deadlines.runDeadlines();
    expect((await detail(r.id)).status).toBe('closed');
    const notice = (await mailsOf(r.id)).filter((m) => m.kind === 'request_auto_closed');
    expect(notice.map((m) => m.body.includes('7 Tage'))).toEqual([true]);
  });

  it('closes a request that waited 28 days for the requester, with a notice to them', async () => {
    const r = await newRequest('pl');
    await assign(r.id);
    clock.set('2026-06-04T10:00:00Z');
    await moveTo(r.id, { to: 'in_progress' }, { to: 'waiting_for_requester', note: 'Pytanie' });
    const token = await latestToken(r.id);
    clock.set('2026-07-02T09:59:00Z');
    await deadlines.runDeadlines();
    expect((await detail(r.id)).status).toBe('waiting_for_requester');
    clock.set('2026-07-02T10:01:00Z');
    await deadlines.runDeadlines();
    await deadlines.runDeadlines();
    const d = await detail(r.id);
    expect(d.status).toBe('closed');
    expect(d.timeline.filter((e) => e.toStatus === 'closed').map((e) => [e.kind, e.fromStatus, e.actorLabel])).toEqual([
      ['transition', 'waiting_for_requester', 'system'],
    ]);
    const notice = (await mailsOf(r.id)).filter((m) => m.kind === 'request_auto_closed');
    expect(notice).toHaveLength(1);
    expect(notice[0]!.subject).toBe(`Twoje zapytanie ${r.reference} zostało zamknięte`);
    expect(notice[0]!.body).toContain('przez 28 dni nie otrzymaliśmy odpowiedzi');
    expect((await answer(token, 'Za późno?')).statusCode).toBe(409);
  });
});
