import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { AuditPage, ConsultingCounts, ConsultingRequestDetail, PersonalDataErasure, PersonalDataExport } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, type Principal, type TestApp } from '../../test/app.js';
import { polishFundingRequest, submitPortalRequest } from '../../test/consulting.js';

let t: TestApp;

/** A module's records of one kind in an export. */
function records<T = Record<string, unknown>>(data: PersonalDataExport, module: string, kind: string): T[] {
  return (data.modules.find((m) => m.module === module)?.records[kind] ?? []) as T[];
}
const requestsOf = (data: PersonalDataExport) => records<ConsultingRequestDetail>(data, 'consulting', 'requests');
const messagesOf = (data: PersonalDataExport) => records<{ kind: string }>(data, 'outbox', 'messages');
let admin: Principal;
let portal: Principal;
let consultant: Principal;

const ERASED = { email: 'marta.zielinska@winnica.example.pl', name: 'Marta Zielińska', organisation: 'Winnica Zielińskich' };
const KEPT = { email: 'piotr.nowak@example.pl', name: 'Piotr Nowak', organisation: 'Nowak Logistyka' };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  portal = await t.apiKey(['requests:create']);
  consultant = await t.staff('consultant', 'BIC');
});
afterAll(() => t.close());

let n = 0;
async function submit(person: typeof ERASED, topic: string) {
  const body = polishFundingRequest(person.name, person.email, {
    organisationName: person.organisation,
    topic,
    message: `${person.name} z ${person.organisation} pyta o ${topic}.`,
  });
  return (await submitPortalRequest(portal, admin, body, `192.0.2.${++n}`)).id;
}

/**
 * Every row of every table, all columns as text (search vectors too): erased data must not be
 * left anywhere, not only where the erasure knows to look.
 */
async function everything(): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    t.database.db,
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  expect(tables.map((x) => x.name)).toEqual(
    expect.arrayContaining(['consulting_requests', 'consulting_events', 'outbox_messages', 'audit_log']),
  );
  expect(tables.length).toBeGreaterThan(20);
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await queryRows<{ row: string }>(t.database.db, sql`SELECT row_to_json(x)::text AS row FROM ${sql.identifier(name)} x`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('GDPR', () => {
  let first: string;
  let second: string;
  let other: string;

  beforeAll(async () => {
    first = await submit(ERASED, 'funding');
    second = await submit(ERASED, 'partner_search');
    other = await submit(KEPT, 'funding');
    for (const id of [first, other]) {
      await admin.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${id}/assignment`,
        payload: { partner: 'BIC', assigneeId: consultant.id },
      });
      await consultant.inject({ method: 'POST', url: `/api/v1/consulting-requests/${id}/transitions`, payload: { to: 'in_progress' } });
      await consultant.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${id}/comments`,
        payload: { kind: 'note', body: `Rozmowa telefoniczna z klientem ${id === first ? ERASED.name : KEPT.name}.` },
      });
      await consultant.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${id}/comments`,
        payload: { kind: 'reply', body: 'Program INTERREG VI A otwiera nabór w marcu.' },
      });
      await consultant.inject({
        method: 'POST',
        url: `/api/v1/consulting-requests/${id}/transitions`,
        payload: { to: 'resolved', outcome: 'referred_to_funding' },
      });
    }
    await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${second}/transitions`,
      payload: { to: 'rejected', reason: `${ERASED.organisation} leży poza obszarem programu.` },
    });
  });

  it('exports everything held about a requester as JSON: requests, timeline and e-mails', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/personal-data/export',
      payload: { email: ERASED.email.toUpperCase() },
    });
    expect(res.statusCode).toBe(200);
    const data = json<PersonalDataExport>(res);
    expect(data.email).toBe(ERASED.email);
    expect(
      requestsOf(data)
        .map((r) => r.id)
        .sort(),
    ).toEqual([first, second].sort());
    expect(requestsOf(data).every((r) => r.requesterName === ERASED.name && r.organisationName === ERASED.organisation)).toBe(true);
    expect(
      requestsOf(data)
        .find((r) => r.id === first)!
        .timeline.some((e) => e.body?.includes(ERASED.name)),
    ).toBe(true);
    expect(
      messagesOf(data)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['request_received', 'request_received', 'request_rejected', 'request_reply', 'request_resolved']);
    expect(res.body).not.toContain(KEPT.email);
  });

  it('is only for coordinators and administrators', async () => {
    for (const url of ['/api/v1/personal-data/export', '/api/v1/personal-data/erasure']) {
      expect((await consultant.inject({ method: 'POST', url, payload: { email: ERASED.email } })).statusCode).toBe(403);
    }
  });

  it('erases the personal data from the requests, their timeline and the outbox, and keeps the statistics', async () => {
    const before = json<ConsultingCounts>(await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' }));
    expect(await everything()).toContain(ERASED.email);

    // The confirmation of the first request went out already; the other e-mails still wait.
    await t.database.db.execute(
      sql`UPDATE outbox_messages SET status = 'sent', sent_at = now() WHERE source_type = 'consulting_request' AND source_id = ${first} AND kind = 'request_received'`,
    );
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/personal-data/erasure',
      payload: { email: ERASED.email },
    });
    expect(res.statusCode).toBe(200);
    // Confirmations, the rejection, the reply and the resolution.
    expect(json<PersonalDataErasure>(res).modules.filter((m) => m.module === 'consulting' || m.module === 'outbox')).toEqual([
      { module: 'consulting', counts: { requests: 2, files: 0, messages: 5 } },
      { module: 'outbox', counts: { messages: 0 } },
    ]);
    const sent = await queryRows<{ recipient: string; subject: string; body: string }>(
      t.database.db,
      sql`SELECT recipient, subject, body FROM outbox_messages WHERE source_type = 'consulting_request' AND source_id = ${first} AND kind = 'request_received'`,
    );
    expect(sent).toEqual([{ recipient: '(erased)', subject: '(erased)', body: '(erased)' }]);

    const stored = await everything();
    // Also as folded for search (lower case, without diacritics).
    for (const trace of [ERASED.email, ERASED.name, ERASED.organisation, 'Zielińsk', 'marta.zielinska', 'zielinsk', 'winnica'])
      expect({ trace, found: stored.toLowerCase().includes(trace.toLowerCase()) }).toEqual({ trace, found: false });
    // Someone else's data is untouched.
    expect(stored).toContain(KEPT.email);
    expect(stored).toContain(KEPT.name);

    const request = json<ConsultingRequestDetail>(await admin.inject({ method: 'GET', url: `/api/v1/consulting-requests/${first}` }));
    expect(request).toMatchObject({
      requesterName: null,
      requesterEmail: null,
      organisationName: null,
      message: null,
      topic: 'funding',
      country: 'PL',
      language: 'pl',
      status: 'resolved',
      outcome: 'referred_to_funding',
      partner: 'BIC',
    });
    expect(request.anonymisedAt).not.toBeNull();
    expect(request.timeline.map((e) => e.kind)).toEqual(['created', 'assignment', 'transition', 'note', 'reply', 'transition']);
    expect(request.timeline.every((e) => e.body === null)).toBe(true);
    const after = json<ConsultingCounts>(await admin.inject({ method: 'GET', url: '/api/v1/consulting-requests/counts' }));
    expect(after).toEqual(before);

    // Nothing is left to export, and no one is left to reply to.
    const exported = json<PersonalDataExport>(
      await admin.inject({ method: 'POST', url: '/api/v1/personal-data/export', payload: { email: ERASED.email } }),
    );
    expect(requestsOf(exported)).toEqual([]);
    expect(messagesOf(exported)).toEqual([]);
    const reply = await admin.inject({
      method: 'POST',
      url: `/api/v1/consulting-requests/${first}/comments`,
      payload: { kind: 'reply', body: 'Hallo?' },
    });
    expect(reply.statusCode).toBe(409);
  });

  it('records the erasure in the audit trail, without the erased data', async () => {
    const page = json<AuditPage>(await admin.inject({ method: 'GET', url: '/api/v1/audit-log?action=erase' }));
    // One entry for the whole operation, with counts by module only.
    expect(page.items.map((e) => [e.entity, e.entityId, e.actorId])).toEqual([['personal_data', null, admin.id]]);
    expect(page.items[0]!.changes).toMatchObject({ consulting: { after: { requests: 2, files: 0, messages: 5 } } });
    expect(JSON.stringify(page)).not.toContain('marta');
  });

  it('drops e-mails to the erased requester that were not sent yet', async () => {
    const rows = await queryRows<{ n: number }>(
      t.database.db,
      sql`SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'pending' AND source_type = 'consulting_request' AND source_id IN (${first}, ${second}) AND kind <> 'request_assigned'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
