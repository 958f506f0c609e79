import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { AuditPage, Organisation, PersonalDataErasure, PersonalDataExport } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, ok, type Principal, type TestApp } from '../../test/app.js';
import { polishFundingRequest, submitPortalRequest } from '../../test/consulting.js';
import { multipart, PDF } from '../../test/files.js';
import { SYSTEM_CONTEXT } from '../auth/actor.js';
import { consultingOptions, createConsultingService } from '../consulting/consulting.service.js';
import { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import { createFileStore } from '../files/file-store.js';
import type { PersonalDataProvider } from './personal-data.provider.js';
import { personalDataProviders } from './personal-data.routes.js';
import { createPersonalDataService } from './personal-data.service.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;

// The person is written in several casings across the modules: one normalised address finds them all.
const EWA = { email: 'ewa.kowalska@przyklad.pl', name: 'Ewa Kowalska' };
const JAN = { email: 'jan.schmidt@beispiel.de', name: 'Jan Schmidt' };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.admin();
  portal = await t.apiKey(['requests:create']);
});
afterAll(() => t.close());

/** Every row of every table, as text: but the staff accounts and their own audit entries, which an erasure keeps on purpose. */
async function everything(): Promise<string> {
  const tables = await queryRows<{ name: string }>(
    t.database.db,
    sql`SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'users' ORDER BY 1`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const staff = name === 'audit_log' ? sql`WHERE entity <> 'user'` : sql``;
    const rows = await queryRows<{ row: string }>(
      t.database.db,
      sql`SELECT row_to_json(x)::text AS row FROM ${sql.identifier(name)} x ${staff}`,
    );
    parts.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return parts.join('\n').toLowerCase();
}

let n = 0;
async function intake(person: typeof EWA, email: string) {
  const body = polishFundingRequest(person.name, email, { message: `${person.name} pyta o finansowanie.` });
  return (await submitPortalRequest(portal, admin, body, `192.0.2.${++n}`)).id;
}

const db = () => t.database.db;
let event = 0;
async function newEvent(): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db(),
    sql`INSERT INTO dialogue_events (title, date, slug, organising_partner, languages, status)
        VALUES ('{"de":"Dialog"}'::jsonb, '2026-05-20', ${`dialog-${++event}`}, 'BIC', ARRAY['de','pl'], 'published') RETURNING id`,
  );
  return row!.id;
}
async function register(eventId: string, person: typeof EWA, email: string, checkedIn: boolean): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db(),
    sql`INSERT INTO dialogue_event_registrations
          (event_id, status, name, email, organisation_name, country, language, consent_text_version, consented_at, source, cancel_token_hash, notes, checked_in_at)
        VALUES (${eventId}, 'confirmed', ${person.name}, ${email}, ${`${person.name} Sp. z o.o.`}, 'PL', 'pl', '2026-01', now(), 'staff',
                ${`hash-${email}-${eventId}`}, ${`Notatka o ${person.name}`}, ${checkedIn ? sql`now()` : sql`NULL`}) RETURNING id`,
  );
  return row!.id;
}

/** How many records of each kind each module has in an export. */
const countsOf = (data: PersonalDataExport) =>
  Object.fromEntries(data.modules.map((m) => [m.module, Object.fromEntries(Object.entries(m.records).map(([k, v]) => [k, v.length]))]));

describe('personal data across modules', () => {
  let ewaRequest: string;
  let janRequest: string;
  let organisation: Organisation;
  let attended: string;
  let ewaAttended: string;
  let janAttended: string;
  let ewaFuture: string;

  beforeAll(async () => {
    ewaRequest = await intake(EWA, 'Ewa.Kowalska@przyklad.pl');
    janRequest = await intake(JAN, JAN.email);
    const uploaded = await admin.inject({
      method: 'POST',
      url: `/api/v1/files?ownerType=consulting_request&ownerId=${ewaRequest}`,
      ...multipart('Kowalska-biznesplan.pdf', PDF),
    });
    expect(uploaded.statusCode).toBe(201);

    organisation = await ok<Organisation>(
      await admin.inject({
        method: 'POST',
        url: '/api/v1/organisations?confirmDistinct=true',
        payload: {
          name: 'Winnica Nad Odrą',
          type: 'sme',
          country: 'PL',
          city: 'Zielona Góra',
          contacts: [
            { name: EWA.name, email: 'EWA.KOWALSKA@przyklad.pl' },
            { name: JAN.name, email: JAN.email },
          ],
        },
      }),
      201,
    );
    for (const email of [EWA.email, JAN.email]) {
      const res = await admin.inject({
        method: 'POST',
        url: `/api/v1/organisations/${organisation.id}/digest-subscriptions`,
        payload: { email, language: 'pl', topics: ['publications'], frequency: 'monthly', consentSource: 'signed form' },
      });
      expect(res.statusCode).toBe(201);
    }

    attended = await newEvent();
    ewaAttended = await register(attended, EWA, EWA.email, true);
    janAttended = await register(attended, JAN, JAN.email, true);
    ewaFuture = await register(await newEvent(), EWA, ' Ewa.Kowalska@PRZYKLAD.pl', false);
    await db().execute(
      sql`INSERT INTO event_meeting_profiles (registration_id, profile) VALUES (${ewaAttended}, 'Szukam partnera do eksportu wina')`,
    );
    await db().execute(
      sql`INSERT INTO event_meeting_profiles (registration_id, profile) VALUES (${janAttended}, 'Vertrieb in Brandenburg')`,
    );
    await db().execute(
      sql`INSERT INTO event_meetings (event_id, requester_id, invitee_id, requested_by, message)
          VALUES (${attended}, ${ewaAttended}, ${janAttended}, 'participant', 'Porozmawiajmy o winie')`,
    );
    await db().execute(
      sql`INSERT INTO dialogue_event_invitations (event_id, organisation_id, name, email, language, token_hash)
          VALUES (${attended}, ${organisation.id}, ${EWA.name}, ${EWA.email}, 'pl', 'invitation-ewa'),
                 (${attended}, ${organisation.id}, ${JAN.name}, ${JAN.email}, 'de', 'invitation-jan')`,
    );
    // She also works for a partner: her staff account is exported, and kept.
    await t.staff('viewer', 'LOP', EWA.email);
  });

  it('exports everything held about the address, grouped by module, whatever its casing', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/personal-data/export', payload: { email: 'EWA.Kowalska@Przyklad.PL' } });
    expect(res.statusCode).toBe(200);
    const data = json<PersonalDataExport>(res);
    expect(data.email).toBe(EWA.email);
    expect(countsOf(data)).toEqual({
      consulting: { requests: 1 },
      dialogueEvents: { registrations: 2, invitations: 1 },
      digests: { subscriptions: 1 },
      organisations: { contactPersons: 1 },
      users: { staffAccounts: 1 },
      // The confirmation of her request.
      outbox: { messages: 1 },
    });
    const registration = data.modules
      .find((m) => m.module === 'dialogueEvents')!
      .records['registrations']!.find((r) => r['id'] === ewaAttended)!;
    expect(registration).toMatchObject({
      name: EWA.name,
      meetingProfile: 'Szukam partnera do eksportu wina',
      meetings: [{ role: 'requester', status: 'requested', message: 'Porozmawiajmy o winie' }],
    });
    expect(res.body).not.toContain('cancelTokenHash');
    // Nothing of the other person: not his address, his name, nor his meeting profile.
    for (const trace of [JAN.email, JAN.name, 'Vertrieb in Brandenburg']) expect(res.body).not.toContain(trace);
  });

  it('rolls everything back when one module fails', async () => {
    const before = await everything();
    const failing: PersonalDataProvider = {
      module: 'outbox',
      columns: [],
      export: async () => ({}),
      erase: async () => {
        throw new Error('the outbox is unreachable');
      },
    };
    const consulting = createConsultingService(
      db(),
      consultingOptions(t.config, t.clock, {
        service: undefined as never,
        store: createFileStore(t.config.files.storage),
      }),
    );
    // Every real module first, then the one that fails: all their work must be undone.
    const service = createPersonalDataService(db(), {
      providers: [...personalDataProviders(consulting.personalData, createDialogueEventService(db(), { clock: t.clock })), failing],
      clock: t.clock,
    });
    await expect(service.erase(SYSTEM_CONTEXT, EWA.email, 'http://localhost')).rejects.toThrow('the outbox is unreachable');
    expect(await everything()).toEqual(before);
    expect(before).toContain(EWA.email);
  });

  it('erases the address in every module in one go, keeping anonymised what the statistics count', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/personal-data/erasure', payload: { email: EWA.email } });
    expect(res.statusCode).toBe(200);
    expect(json<PersonalDataErasure>(res).modules).toEqual([
      { module: 'consulting', counts: { requests: 1, files: 1, messages: 1 } },
      { module: 'dialogueEvents', counts: { registrations: 2, meetings: 1, invitations: 1 } },
      { module: 'digests', counts: { subscriptions: 1 } },
      { module: 'organisations', counts: { contactPersons: 1 } },
      { module: 'users', counts: { staffAccountsKept: 1 } },
      { module: 'outbox', counts: { messages: 0 } },
    ]);

    const stored = await everything();
    for (const trace of [
      EWA.email,
      EWA.name.toLowerCase(),
      'kowalska',
      'szukam partnera',
      'porozmawiajmy',
      'notatka o ewa',
      'invitation-ewa',
    ])
      expect({ trace, found: stored.includes(trace) }).toEqual({ trace, found: false });

    // Kept for the figures: the request (anonymised) and the checked-in registration (anonymised).
    const [request] = await queryRows<{ anonymised: boolean; topic: string }>(
      db(),
      sql`SELECT anonymised_at IS NOT NULL AS anonymised, topic FROM consulting_requests WHERE id = ${ewaRequest}`,
    );
    expect(request).toEqual({ anonymised: true, topic: 'funding' });
    const registrations = await queryRows<{ id: string; name: string; email: string; checked: boolean }>(
      db(),
      sql`SELECT id, name, email, checked_in_at IS NOT NULL AS checked FROM dialogue_event_registrations WHERE id IN (${ewaAttended}, ${ewaFuture})`,
    );
    expect(registrations).toEqual([{ id: ewaAttended, name: '(erased)', email: `erased:${ewaAttended}`, checked: true }]);
    const files = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM files WHERE owner_id = ${ewaRequest}`);
    expect(files).toEqual([{ n: 0 }]);

    // The other person's data is untouched.
    for (const trace of [JAN.email, JAN.name.toLowerCase(), 'vertrieb in brandenburg', 'invitation-jan'])
      expect({ trace, found: stored.includes(trace) }).toEqual({ trace, found: true });
    const left = await ok<Organisation>(await admin.inject({ method: 'GET', url: `/api/v1/organisations/${organisation.id}` }));
    expect(left.contacts.map((c) => c.email)).toEqual([JAN.email]);
    expect(left.version).toBe(organisation.version + 1);
    const [jan] = await queryRows<{ n: number }>(
      db(),
      sql`SELECT count(*)::int AS n FROM consulting_requests WHERE id = ${janRequest} AND requester_email = ${JAN.email}`,
    );
    expect(jan).toEqual({ n: 1 });
    const [subscriptions] = await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM digest_subscriptions`);
    expect(subscriptions).toEqual({ n: 1 });

    // Nothing left to export but the staff account.
    const after = json<PersonalDataExport>(
      await admin.inject({ method: 'POST', url: '/api/v1/personal-data/export', payload: { email: EWA.email } }),
    );
    expect(countsOf(after)).toEqual({
      consulting: { requests: 0 },
      dialogueEvents: { registrations: 0, invitations: 0 },
      digests: { subscriptions: 0 },
      organisations: { contactPersons: 0 },
      users: { staffAccounts: 1 },
      outbox: { messages: 0 },
    });
  });

  it('records one audit entry for the erasure, with counts and no data', async () => {
    const page = json<AuditPage>(await admin.inject({ method: 'GET', url: '/api/v1/audit-log?action=erase' }));
    expect(page.items.map((e) => [e.entity, e.entityId, e.actorId])).toEqual([['personal_data', null, admin.id]]);
    expect(page.items[0]!.changes).toMatchObject({ dialogueEvents: { after: { registrations: 2, meetings: 1, invitations: 1 } } });
    expect(JSON.stringify(page).toLowerCase()).not.toContain('kowalska');
  });

  it('is only for coordinators and administrators', async () => {
    const coordinator = await t.staff('coordinator', 'LOP');
    const consultant = await t.staff('consultant', 'BIC');
    const url = '/api/v1/personal-data/export';
    expect((await coordinator.inject({ method: 'POST', url, payload: { email: JAN.email } })).statusCode).toBe(200);
    expect((await consultant.inject({ method: 'POST', url, payload: { email: JAN.email } })).statusCode).toBe(403);
  });
});
