import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type {
  ConsultingCounts,
  ConsultingRequestDetail,
  ConsultingRequestPage,
  ConsultingRequestReceipt,
  ConsultingSuggestion,
  OutboxPage,
  Problem,
} from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { polishFundingRequest } from '../../test/consulting.js';
import { createTestApp, logInto, json, testConfig, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
const logLines: string[] = [];

beforeAll(async () => {
  const logTo = logInto(logLines);
  t = await createTestApp(
    {
      rateLimitPerMinute: 100_000,
      consulting: { ...testConfig().consulting, firstResponseDays: 2, duplicateWindowMinutes: 10, intakePerAddressPerHour: 5 },
    },
    { logTo },
  );
  admin = await t.admin();
  portal = await t.apiKey(['requests:create'], { rateLimitPerMinute: 10_000 });
});
afterAll(() => t.close());

let counter = 0;
let address = 0;
/** Each submission from its own address, so that the per-address limit only bites where a test wants it. */
const nextAddress = () => `198.51.100.${++address}`;

const submission = (over: Record<string, unknown> = {}) =>
  polishFundingRequest(`Katarzyna Wiśniewska ${++counter}`, `k.wisniewska.${counter}@firma.example.pl`, {
    organisationName: 'Lubuska Fabryka Okien Sp. z o.o.',
    ...over,
  });

async function submit(body: Record<string, unknown>, options: { key?: Principal; headers?: Record<string, string>; ip?: string } = {}) {
  return (options.key ?? portal).inject({
    method: 'POST',
    url: '/api/v1/public/consulting-requests',
    payload: body,
    remoteAddress: options.ip ?? nextAddress(),
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

async function requestByReference(reference: string, caller: Principal = admin): Promise<ConsultingRequestDetail> {
  const page = json<ConsultingRequestPage>(await caller.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${reference}` }));
  expect(page.items).toHaveLength(1);
  return json<ConsultingRequestDetail>(await caller.inject({ method: 'GET', url: `/api/v1/consulting-requests/${page.items[0]!.id}` }));
}

async function outboxOf(requestId: string) {
  return json<OutboxPage>(await admin.inject({ method: 'GET', url: `/api/v1/outbox?requestId=${requestId}` })).items;
}

async function newRequest(over: Record<string, unknown> = {}) {
  const res = await submit(submission(over));
  expect(res.statusCode).toBe(201);
  return requestByReference(json<ConsultingRequestReceipt>(res).reference);
}

describe('intake from portals', () => {
  it('answers 201 with a reference, confirms by e-mail in the requester’s language, and starts the timeline', async () => {
    const body = submission();
    const res = await submit(body);
    expect(res.statusCode).toBe(201);
    const receipt = json<ConsultingRequestReceipt>(res);
    expect(receipt.reference).toMatch(/^EURN-2026-\d{5}$/);

    const request = await requestByReference(receipt.reference);
    expect(request).toMatchObject({
      status: 'new',
      source: 'portal',
      partner: 'BIC',
      requesterEmail: body.requesterEmail,
      topic: 'funding',
      assigneeId: null,
      overdue: false,
    });
    expect(request.timeline).toEqual([expect.objectContaining({ kind: 'created', toStatus: 'new' })]);

    const [mail] = await outboxOf(request.id);
    expect(mail).toMatchObject({ kind: 'request_received', recipient: body.requesterEmail, language: 'pl', status: 'pending' });
    expect(mail!.subject).toContain(receipt.reference);
    expect(mail!.body).toContain('Dzień dobry');
  });

  it('gives consecutive references', async () => {
    const a = json<ConsultingRequestReceipt>(await submit(submission()));
    const b = json<ConsultingRequestReceipt>(await submit(submission()));
    expect(Number(b.reference.slice(-5))).toBe(Number(a.reference.slice(-5)) + 1);
  });

  it('requires the consent and its text version, and names the field', async () => {
    const res = await submit(submission({ consent: false }));
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors?.map((e) => e.pointer)).toContain('/body/consent');
    const noVersion = await submit(submission({ consentTextVersion: undefined }));
    expect(json<Problem>(noVersion).errors?.map((e) => e.pointer)).toContain('/body/consentTextVersion');
  });

  it('refuses oversized messages and bodies', async () => {
    const long = await submit(submission({ message: 'x'.repeat(5001) }));
    expect(long.statusCode).toBe(400);
    expect(json<Problem>(long).errors?.[0]?.pointer).toBe('/body/message');
    const huge = await submit(submission({ message: 'x'.repeat(40_000) }));
    expect(huge.statusCode).toBe(413);
    expect(json<Problem>(huge).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('takes the same submission sent twice (a double click, a retry) as one request', async () => {
    const body = submission();
    const first = await submit(body);
    const second = await submit(body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(json<ConsultingRequestReceipt>(second).reference).toBe(json<ConsultingRequestReceipt>(first).reference);
    const page = json<ConsultingRequestPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${encodeURIComponent(body.requesterEmail)}` }),
    );
    expect(page.items).toHaveLength(1);
    expect(await outboxOf(page.items[0]!.id)).toHaveLength(1);
  });

  it('never answers a submission with another partner’s reference: duplicates are found within the key’s partner', async () => {
    const body = submission();
    const lopPortal = await t.apiKey(['requests:create'], { partner: 'LOP', rateLimitPerMinute: 10_000 });
    const bic = await submit(body);
    const lop = await submit(body, { key: lopPortal });
    expect(lop.statusCode).toBe(201);
    expect(lop.headers['idempotent-replayed']).toBeUndefined();
    expect(json<ConsultingRequestReceipt>(lop).reference).not.toBe(json<ConsultingRequestReceipt>(bic).reference);
    const page = json<ConsultingRequestPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${encodeURIComponent(body.requesterEmail)}` }),
    );
    expect(page.items.map((r) => r.partner).sort()).toEqual(['BIC', 'LOP']);
    // Within LOP it is still the same submission.
    const again = await submit(body, { key: lopPortal });
    expect(json<ConsultingRequestReceipt>(again).reference).toBe(json<ConsultingRequestReceipt>(lop).reference);
  });

  it('lets a browser read the receipt only from an origin the key allows', async () => {
    const origin = 'https://www.gorzow.example.pl';
    const browserKey = await t.apiKey(['requests:create'], { allowedOrigins: [origin], rateLimitPerMinute: 10_000 });
    const allowed = await submit(submission(), { key: browserKey, headers: { origin } });
    expect(allowed.statusCode).toBe(201);
    expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    const other = await submit(submission(), { key: browserKey, headers: { origin: 'https://evil.example.com' } });
    expect(other.statusCode).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // A key without origins is for servers: no browser may read its answers.
    const fromBrowser = await submit(submission(), { headers: { origin } });
    expect(fromBrowser.statusCode).toBe(201);
    expect(fromBrowser.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a retry with the same Idempotency-Key with the first request, and refuses the key for other content', async () => {
    const headers = { 'idempotency-key': 'portal-submission-7f3a9c' };
    const body = submission();
    const first = json<ConsultingRequestReceipt>(await submit(body, { headers }));
    const again = await submit(body, { headers });
    expect(json<ConsultingRequestReceipt>(again).reference).toBe(first.reference);
    const other = await submit(submission(), { headers });
    expect(other.statusCode).toBe(409);
    expect(json<Problem>(other).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers a filled honeypot like any submission, and stores nothing', async () => {
    const body = submission({ website: 'http://cheap-pills.example.com' });
    const res = await submit(body);
    expect(res.statusCode).toBe(201);
    expect(json<ConsultingRequestReceipt>(res).reference).toMatch(/^EURN-/);
    const page = json<ConsultingRequestPage>(
      await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${encodeURIComponent(body.requesterEmail as string)}` }),
    );
    expect(page.items).toEqual([]);
    const mails = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE recipient = ${body.requesterEmail as string}`,
    );
    expect(mails[0]!.n).toBe(0);
  });

  it('limits submissions per client address, whatever the key', async () => {
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit(submission(), { ip })).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const other = await t.apiKey(['requests:create']);
    const limited = await submit(submission(), { ip, key: other });
    expect(limited.statusCode).toBe(429);
    expect(json<Problem>(limited).code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await submit(submission(), { key: other })).statusCode).toBe(201);
  });

  it('limits submissions per key', async () => {
    const slow = await t.apiKey(['requests:create'], { rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await submit(submission(), { key: slow })).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
  });

  it('is open only to keys with the requests:create scope', async () => {
    const reader = await t.apiKey(['public:read']);
    expect((await submit(submission(), { key: reader })).statusCode).toBe(403);
    expect((await submit(submission(), { key: admin })).statusCode).toBe(403);
    expect((await submit(submission(), { key: t.anonymous })).statusCode).toBe(401);
  });

  it('keeps the requester’s e-mail and name out of the log', async () => {
    const body = submission({ requesterEmail: 'nie.w.logach@example.pl', requesterName: 'Zofia Logowska' });
    expect((await submit(body)).statusCode).toBe(201);
    const found = await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests?q=nie.w.logach%40example.pl' });
    expect(json<ConsultingRequestPage>(found).items).toHaveLength(1);
    const log = logLines.join('');
    expect(log).toContain('/api/v1/consulting-requests');
    expect(log).toContain('/api/v1/public/consulting-requests');
    expect(log).not.toContain('nie.w.logach');
    expect(log).not.toContain('Logowska');
  });
});

describe('intake by staff', () => {
  it('takes the same fields, for the staff member’s partner', async () => {
    const consultant = await t.staff('consultant', 'CIT');
    const res = await consultant.inject({
      method: 'POST',
      url: '/api/v1/consulting-requests',
      payload: submission({ country: 'DE', language: 'de', requesterName: 'Jürgen Schulze', topic: 'legal_tax' }),
    });
    expect(res.statusCode).toBe(201);
    const created = json<ConsultingRequestDetail>(res);
    expect(created).toMatchObject({ source: 'staff', partner: 'CIT', status: 'new', requesterName: 'Jürgen Schulze' });
    expect(res.headers.etag).toBe(`"v${created.version}"`);
    const [mail] = await outboxOf(created.id);
    expect(mail!.body).toContain('Guten Tag Jürgen Schulze');
  });

  it('links a known organisation of the directory, and names the field when the id is unknown', async () => {
    const [org] = await queryRows<{ id: string }>(
      t.database.db,
      sql`INSERT INTO organisations (name, type, country) VALUES ('Cottbuser Kunststoffwerk GmbH', 'sme', 'DE') RETURNING id`,
    );
    const consultant = await t.staff('consultant', 'CIT');
    const linked = await consultant.inject({
      method: 'POST',
      url: '/api/v1/consulting-requests',
      payload: submission({ organisationId: org!.id, organisationName: undefined }),
    });
    expect(linked.statusCode).toBe(201);
    expect(json<ConsultingRequestDetail>(linked).organisationId).toBe(org!.id);
    const unknown = await submit(submission({ organisationId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknown.statusCode).toBe(400);
    expect(json<Problem>(unknown).errors).toEqual([
      expect.objectContaining({ pointer: '/body/organisationId', code: 'unknown_organisation' }),
    ]);
  });

  it('is not for viewers, and consultants take in only for their own partner', async () => {
    const viewer = await t.staff('viewer', 'CIT');
    expect((await viewer.inject({ method: 'POST', url: '/api/v1/consulting-requests', payload: submission() })).statusCode).toBe(403);
    const consultant = await t.staff('consultant', 'CIT');
    const res = await consultant.inject({ method: 'POST', url: '/api/v1/consulting-requests', payload: submission({ partner: 'LOP' }) });
    expect(res.statusCode).toBe(403);
  });
});

describe('workflow', () => {
  let consultant: Principal & { email: string };

  beforeAll(async () => {
    consultant = await t.staff('consultant', 'BIC');
  });

  const act = (id: string, body: Record<string, unknown>, caller: Principal = admin) =>
    caller.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/transitions`, payload: body });
  const assign = (id: string, assigneeId: string, partner = 'BIC', caller: Principal = admin) =>
    caller.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/assignment`, payload: { partner, assigneeId } });

  const ACTIONS: Record<string, Record<string, unknown>> = {
    in_progress: { to: 'in_progress' },
    waiting_for_requester: { to: 'waiting_for_requester' },
    resolved: { to: 'resolved', outcome: 'advice_given' },
    closed: { to: 'closed' },
    rejected: { to: 'rejected', reason: 'Outside the programme area' },
  };
  /** The way from new to each status through allowed moves. */
  const PATHS: Record<string, string[]> = {
    new: [],
    assigned: ['assign'],
    in_progress: ['assign', 'in_progress'],
    waiting_for_requester: ['assign', 'in_progress', 'waiting_for_requester'],
    resolved: ['assign', 'in_progress', 'resolved'],
    closed: ['assign', 'in_progress', 'resolved', 'closed'],
    rejected: ['rejected'],
  };
  const ALLOWED = new Set([
    'new→assign',
    'new→rejected',
    'assigned→assign',
    'assigned→in_progress',
    'assigned→rejected',
    'in_progress→assign',
    'in_progress→waiting_for_requester',
    'in_progress→resolved',
    'waiting_for_requester→assign',
    'waiting_for_requester→in_progress',
    'waiting_for_requester→resolved',
    'resolved→closed',
    'resolved→in_progress',
  ]);

  async function requestIn(status: string) {
    const request = await newRequest({ country: 'DE', language: 'de' });
    for (const step of PATHS[status]!) {
      const res = step === 'assign' ? await assign(request.id, consultant.id) : await act(request.id, ACTIONS[step]!);
      expect(res.statusCode).toBe(200);
    }
    return request.id;
  }

  const cases = Object.keys(PATHS).flatMap((from) => ['assign', ...Object.keys(ACTIONS)].map((action) => [from, action] as const));
  it.each(cases)('from %s, %s is allowed only if the graph has it', async (from, action) => {
    const id = await requestIn(from);
    const res = action === 'assign' ? await assign(id, consultant.id) : await act(id, ACTIONS[action]!);
    if (ALLOWED.has(`${from}→${action}`)) {
      expect(res.statusCode).toBe(200);
      const expected = action === 'assign' ? (from === 'new' ? 'assigned' : from) : action;
      expect(json<ConsultingRequestDetail>(res).status).toBe(expected);
    } else {
      expect(res.statusCode).toBe(409);
      const problem = json<Problem>(res);
      expect(problem.code).toBe('INVALID_TRANSITION');
      expect(problem.detail).toContain(from);
    }
  });

  it('needs a reason to reject and an outcome to resolve', async () => {
    const request = await newRequest();
    const res = await act(request.id, { to: 'rejected' });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res).errors?.map((e) => e.pointer)).toContain('/body/reason');
  });

  it('records every step in the timeline with who, and the outcome; the requester is told of the resolution', async () => {
    const request = await newRequest({ language: 'en' });
    await assign(request.id, consultant.id);
    await act(request.id, { to: 'in_progress' }, consultant);
    await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'note', body: 'Called the company; they need INTERREG VI A.' },
    });
    await consultant.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'reply', body: 'The INTERREG VI A call opens in March.' },
    });
    await act(request.id, { to: 'waiting_for_requester' }, consultant);
    await act(request.id, { to: 'in_progress' }, consultant);
    const resolved = json<ConsultingRequestDetail>(await act(request.id, { to: 'resolved', outcome: 'referred_to_funding' }, consultant));
    expect(resolved.outcome).toBe('referred_to_funding');
    expect(resolved.firstRespondedAt).not.toBeNull();
    const reopened = json<ConsultingRequestDetail>(await act(request.id, { to: 'in_progress', note: 'They asked again' }, consultant));
    expect(reopened.outcome).toBeNull();

    const me = json<{ user: { name: string } }>(await consultant.inject({ method: 'GET', url: '/api/v1/auth/me' })).user.name;
    expect(reopened.timeline.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'new'],
      ['assignment', 'new', 'assigned'],
      ['transition', 'assigned', 'in_progress'],
      ['note', null, null],
      ['reply', null, null],
      ['transition', 'in_progress', 'waiting_for_requester'],
      ['transition', 'waiting_for_requester', 'in_progress'],
      ['transition', 'in_progress', 'resolved'],
      ['transition', 'resolved', 'in_progress'],
    ]);
    expect(reopened.timeline[2]!.actorLabel).toBe(me);
    expect(reopened.timeline[1]!.assigneeName).toBe(me);
    expect(reopened.timeline[7]!.outcome).toBe('referred_to_funding');
    expect(reopened.timeline.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);

    const mails = await outboxOf(request.id);
    expect(mails.map((m) => m.kind).sort()).toEqual(['request_assigned', 'request_received', 'request_reply', 'request_resolved']);
    expect(mails.find((m) => m.kind === 'request_assigned')!.recipient).toBe(consultant.email);
    const resolvedMail = mails.find((m) => m.kind === 'request_resolved')!;
    expect(resolvedMail.recipient).toBe(request.requesterEmail);
    expect(resolvedMail.body).toContain('Referred to a funding programme');
  });

  it('refuses a stale If-Match, and accepts a current one', async () => {
    const request = await newRequest();
    const stale = await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/transitions`,
      headers: { 'if-match': `"v${request.version + 5}"` },
      payload: ACTIONS.rejected,
    });
    expect(stale.statusCode).toBe(412);
    const current = await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/transitions`,
      headers: { 'if-match': `"v${request.version}"` },
      payload: ACTIONS.rejected,
    });
    expect(current.statusCode).toBe(200);
  });

  it('assigns only active staff of the named partner', async () => {
    const request = await newRequest();
    const lop = await t.staff('consultant', 'LOP');
    const res = await assign(request.id, lop.id, 'BIC');
    expect(res.statusCode).toBe(422);
    expect(json<Problem>(res).code).toBe('ASSIGNEE_NOT_ELIGIBLE');
    const viewer = await t.staff('viewer', 'BIC');
    expect((await assign(request.id, viewer.id, 'BIC')).statusCode).toBe(422);
  });
});

describe('suggested assignment', () => {
  // A database of its own, so that the consultants of other tests do not compete.
  let own: TestApp;
  beforeAll(async () => {
    own = await createTestApp();
  });
  afterAll(() => own.close());

  it('names the partner of the requester’s country and language, and its consultant with the fewest open requests', async () => {
    const boss = await own.admin();
    const key = await own.apiKey(['requests:create']);
    const intake = async (over: Record<string, unknown> = {}) => {
      const res = await key.inject({
        method: 'POST',
        url: '/api/v1/public/consulting-requests',
        payload: submission(over),
        remoteAddress: nextAddress(),
      });
      const page = json<ConsultingRequestPage>(
        await boss.inject({ method: 'GET', url: `/api/v1/consulting-requests?q=${json<ConsultingRequestReceipt>(res).reference}` }),
      );
      return page.items[0]!.id;
    };
    const busy = await own.staff('consultant', 'ESNB');
    const lessBusy = await own.staff('consultant', 'LOP');
    const free = await own.staff('consultant', 'ESNB');
    const german = await own.staff('consultant', 'CIT');
    for (const [who, partner] of [
      [busy, 'ESNB'],
      [busy, 'ESNB'],
      [lessBusy, 'LOP'],
    ] as const) {
      const id = await intake();
      await boss.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/assignment`, payload: { partner, assigneeId: who.id } });
    }
    const suggest = async (id: string) =>
      json<ConsultingSuggestion>(await boss.inject({ method: 'GET', url: `/api/v1/consulting-requests/${id}/suggested-assignment` }));

    expect(await suggest(await intake({ country: 'PL', language: 'pl' }))).toEqual({
      partner: 'ESNB',
      assigneeId: free.id,
      assigneeName: expect.any(String),
      openRequests: 0,
    });
    expect(await suggest(await intake({ country: 'DE', language: 'de' }))).toMatchObject({ partner: 'CIT', assigneeId: german.id });
  });
});

describe('partner scoping', () => {
  it('hides another partner’s requests from consultants (404), until one is assigned to them', async () => {
    const request = await newRequest();
    const other = await t.staff('consultant', 'LOP');
    const get = () => other.inject({ method: 'GET', url: `/api/v1/consulting-requests/${request.id}` });
    expect((await get()).statusCode).toBe(404);
    expect(json<Problem>(await get()).code).toBe('CONSULTING_REQUEST_NOT_FOUND');
    const act = await other.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/transitions`,
      payload: { to: 'rejected', reason: 'x' },
    });
    expect(act.statusCode).toBe(404);
    const list = json<ConsultingRequestPage>(await other.inject({ method: 'GET', url: '/api/v1/consulting-requests?limit=100' }));
    expect(list.items.some((r) => r.id === request.id)).toBe(false);
    expect(list.items.every((r) => r.partner === 'LOP' || r.assigneeId === other.id)).toBe(true);

    // Handed over to LOP's consultant: now theirs to see and handle.
    await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/assignment`,
      payload: { partner: 'LOP', assigneeId: other.id },
    });
    expect((await get()).statusCode).toBe(200);
    const mine = json<ConsultingRequestPage>(await other.inject({ method: 'GET', url: '/api/v1/consulting-requests?assignee=me' }));
    expect(mine.items.map((r) => r.id)).toContain(request.id);
  });

  it('lets a viewer read their own partner’s requests, timeline included, but not act', async () => {
    const request = await newRequest();
    const viewer = await t.staff('viewer', 'BIC');
    const res = await viewer.inject({ method: 'GET', url: `/api/v1/consulting-requests/${request.id}` });
    expect(res.statusCode).toBe(200);
    expect(json<ConsultingRequestDetail>(res)).toMatchObject({ requesterName: request.requesterName, partner: 'BIC' });
    expect(json<ConsultingRequestDetail>(res).timeline.map((e) => e.kind)).toEqual(['created']);
    const act = await viewer.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'note', body: 'x' },
    });
    expect(act.statusCode).toBe(403);
  });
});

describe('what each role reads', () => {
  // A database of its own, so that lists and counts are exact.
  let own: TestApp;
  let bicRequests: string[];
  let lopRequest: string;
  beforeAll(async () => {
    own = await createTestApp({ rateLimitPerMinute: 100_000 });
    const boss = await own.admin();
    const intake = async (partner: string, name: string) => {
      const res = await boss.inject({
        method: 'POST',
        url: '/api/v1/consulting-requests',
        payload: { ...submission({ requesterName: name }), partner },
      });
      expect(res.statusCode).toBe(201);
      return json<ConsultingRequestDetail>(res).id;
    };
    bicRequests = [await intake('BIC', 'Anna Schulz'), await intake('BIC', 'Jan Nowak')];
    lopRequest = await intake('LOP', 'Ewa Kowalska');
    await boss.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${lopRequest}/comments`,
      payload: { kind: 'note', body: 'Intern' },
    });
  });
  afterAll(() => own.close());

  const view = async (caller: Principal) => {
    const list = json<ConsultingRequestPage>(await caller.inject({ method: 'GET', url: '/api/v1/consulting-requests?limit=100' }));
    const counts = json<ConsultingCounts>(await caller.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' }));
    return { names: list.items.map((r) => r.requesterName).sort(), counts };
  };

  it('gives a viewer of another partner the same 404 as for no request, and leaves its requests out of list and counts', async () => {
    const lopViewer = await own.staff('viewer', 'LOP');
    const res = await lopViewer.inject({ method: 'GET', url: `/api/v1/consulting-requests/${bicRequests[0]}` });
    expect(res.statusCode).toBe(404);
    expect(json<Problem>(res).code).toBe('CONSULTING_REQUEST_NOT_FOUND');
    expect(res.body).not.toContain('Anna Schulz');
    const none = await lopViewer.inject({ method: 'GET', url: '/api/v1/consulting-requests/00000000-0000-4000-8000-000000000000' });
    expect(json<Problem>(none).code).toBe('CONSULTING_REQUEST_NOT_FOUND');
    expect(await view(lopViewer)).toEqual({ names: ['Ewa Kowalska'], counts: { open: 1, overdue: 0, byStatus: { new: 1 } } });
    const ownRequest = json<ConsultingRequestDetail>(
      await lopViewer.inject({ method: 'GET', url: `/api/v1/consulting-requests/${lopRequest}` }),
    );
    expect(ownRequest.timeline.map((e) => e.body)).toContain('Intern');
  });

  it('gives a viewer of BIC BIC’s requests only', async () => {
    expect(await view(await own.staff('viewer', 'BIC'))).toEqual({
      names: ['Anna Schulz', 'Jan Nowak'],
      counts: { open: 2, overdue: 0, byStatus: { new: 2 } },
    });
  });

  it('gives a consultant their own partner’s requests', async () => {
    expect(await view(await own.staff('consultant', 'LOP'))).toEqual({
      names: ['Ewa Kowalska'],
      counts: { open: 1, overdue: 0, byStatus: { new: 1 } },
    });
    const bic = await own.staff('consultant', 'BIC');
    const boss = await own.admin();
    const assign = await boss.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${bicRequests[1]}/assignment`,
      payload: { partner: 'BIC', assigneeId: bic.id },
    });
    expect(assign.statusCode).toBe(200);
    expect(await view(bic)).toEqual({
      names: ['Anna Schulz', 'Jan Nowak'],
      counts: { open: 2, overdue: 0, byStatus: { new: 1, assigned: 1 } },
    });
  });

  it('gives coordinators and administrators every request', async () => {
    for (const caller of [await own.staff('coordinator', 'CIT'), await own.admin()]) {
      const seen = await view(caller);
      expect(seen.names).toEqual(['Anna Schulz', 'Ewa Kowalska', 'Jan Nowak']);
      expect(seen.counts.open).toBe(3);
    }
  });

  it('lets no API key read requests, not even the intake key', async () => {
    const key = await own.apiKey(['requests:create', 'read']);
    for (const url of ['/api/v1/consulting-requests', '/api/v1/consulting-requests/counts', `/api/v1/consulting-requests/${lopRequest}`]) {
      expect((await key.inject({ method: 'GET', url })).statusCode).toBe(403);
    }
  });
});

describe('deadlines', () => {
  it('makes an unanswered request overdue after its due day, lists and counts it, until it is answered', async () => {
    const request = await newRequest();
    // Taken in on Wednesday 3 June 2026 (the test clock): two working days later.
    expect(request.firstResponseDueOn).toBe('2026-06-05');
    expect(request.overdue).toBe(false);
    await t.database.db.execute(sql`UPDATE consulting_requests SET first_response_due_on = '2026-01-05' WHERE id = ${request.id}`);

    const overdue = json<ConsultingRequestPage>(
      await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests?overdue=true&limit=100' }),
    );
    expect(overdue.items.map((r) => r.id)).toContain(request.id);
    expect(overdue.items.every((r) => r.overdue)).toBe(true);
    const counts = json<ConsultingCounts>(await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' }));
    expect(counts.overdue).toBeGreaterThanOrEqual(1);
    expect(counts.open).toBeGreaterThanOrEqual(counts.overdue);

    await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${request.id}/comments`,
      payload: { kind: 'reply', body: 'Wir melden uns nächste Woche mit Details.' },
    });
    const after = json<ConsultingRequestDetail>(await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${request.id}` }));
    expect(after.overdue).toBe(false);
    const counts2 = json<ConsultingCounts>(await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' }));
    expect(counts2.overdue).toBe(counts.overdue - 1);
  });

  it('follows the holiday calendar of the country where the request is handled', async () => {
    const request = await newRequest();
    expect(request.createdAt.slice(0, 10)).toBe('2026-06-03');
    // Taken in on Wednesday 3 June 2026 through BIC's portal: the German (Brandenburg) calendar,
    // where Corpus Christi (Thursday 4 June) is a working day.
    expect(request.firstResponseDueOn).toBe('2026-06-05');
    const lop = await t.staff('consultant', 'LOP');
    const assigned = json<ConsultingRequestDetail>(
      await admin.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${request.id}/assignment`,
        payload: { partner: 'LOP', assigneeId: lop.id },
      }),
    );
    // Handled in Poland, where Corpus Christi is a holiday: Friday and Monday.
    expect(assigned.firstResponseDueOn).toBe('2026-06-08');
  });
});
