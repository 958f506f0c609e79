import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { OutboxPage, Problem, SessionInfo, User } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestAppWithPortal, json, type Principal, type TestApp } from '../../test/app.js';
import { assignRequest, polishFundingRequest, submitPortalRequest } from '../../test/consulting.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
beforeAll(async () => ({ t, admin, portal } = await createTestAppWithPortal(['requests:create'], { rateLimitPerMinute: 100_000 })));
afterAll(() => t.close());

let counter = 0;
const createUser = (body: Record<string, unknown>) =>
  admin.inject({
    method: 'POST',
    url: '/api/v1/users',
    payload: {
      email: `lang.${++counter}@example.eu`,
      name: `Lang ${counter}`,
      role: 'consultant',
      password: 'Gorzów und Frankfurt 2026',
      ...body,
    },
  });
const chooseLanguage = (who: Principal, language: string) => who.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { language } });

describe('each person’s language', () => {
  it('is the partner’s country’s language when the administrator chooses none, or the one chosen', async () => {
    const languages = [];
    for (const body of [
      { partner: 'LOP' },
      { partner: 'ESNB' },
      { partner: 'BIC' },
      { partner: 'CIT' },
      { partner: 'LOP', language: 'en' },
    ]) {
      const res = await createUser(body);
      expect(res.statusCode).toBe(201);
      languages.push(json<User>(res).language);
    }
    expect(languages).toEqual(['pl', 'pl', 'de', 'de', 'en']);
  });

  it('is changed by the person themself, and the session, the account and the next sign-in show it', async () => {
    const consultant = await t.staff('consultant', 'LOP');
    expect(json<SessionInfo>(await consultant.inject({ method: 'GET', url: '/api/v1/auth/me' })).user.language).toBe('pl');

    const res = await chooseLanguage(consultant, 'de');
    expect(res.statusCode).toBe(200);
    expect(json<SessionInfo>(res).user).toMatchObject({ id: consultant.id, partner: 'LOP', language: 'de' });
    expect(json<SessionInfo>(await consultant.inject({ method: 'GET', url: '/api/v1/auth/me' })).user.language).toBe('de');
    expect(json<User>(await admin.inject({ method: 'GET', url: `/api/v1/users/${consultant.id}` })).language).toBe('de');
    const login = await t.anonymous.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: consultant.email, password: consultant.password },
    });
    expect(json<SessionInfo>(login).user.language).toBe('de');
  });

  it('is one of de, pl and en, and nothing else of the account changes that way', async () => {
    const consultant = await t.staff('consultant', 'BIC');
    const wrong = await chooseLanguage(consultant, 'fr');
    expect(wrong.statusCode).toBe(400);
    expect(json<Problem>(wrong).code).toBe('VALIDATION_FAILED');
    const more = await consultant.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { language: 'en', role: 'admin' } });
    expect(more.statusCode).toBe(400);
    expect(json<User>(await admin.inject({ method: 'GET', url: `/api/v1/users/${consultant.id}` }))).toMatchObject({
      role: 'consultant',
      language: 'de',
    });
  });

  it('is changed by an administrator too', async () => {
    const created = json<User>(await createUser({ partner: 'ESNB' }));
    const res = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${created.id}`,
      headers: { 'if-match': `"v${created.version}"` },
      payload: { language: 'en' },
    });
    expect(res.statusCode).toBe(200);
    expect(json<User>(res).language).toBe('en');
  });

  it('decides the language of the e-mail that tells a consultant of an assignment, not the partner’s country', async () => {
    const chose = await t.staff('consultant', 'LOP');
    expect((await chooseLanguage(chose, 'de')).statusCode).toBe(200);
    const kept = await t.staff('consultant', 'LOP');

    const mails: { recipient: string; language: string; subject: string }[] = [];
    for (const assignee of [chose, kept]) {
      const body = polishFundingRequest(`Anna Nowak ${++counter}`, `a.nowak.${counter}@firma.example.pl`, {
        organisationName: 'Lubuska Fabryka Okien Sp. z o.o.',
      });
      const request = await submitPortalRequest(portal, admin, body, `198.51.100.${counter}`);
      await assignRequest(admin, request.id, 'LOP', assignee.id);
      const { reference } = request;
      const outbox = json<OutboxPage>(await admin.inject({ method: 'GET', url: `/api/v1/outbox?requestId=${request.id}` })).items;
      const mail = outbox.find((m) => m.kind === 'request_assigned')!;
      mails.push({ recipient: mail.recipient, language: mail.language, subject: mail.subject.replace(reference, '<ref>') });
    }
    expect(mails).toEqual([
      { recipient: chose.email, language: 'de', subject: 'Neue Beratungsanfrage für Sie: <ref>' },
      { recipient: kept.email, language: 'pl', subject: 'Nowe zapytanie przydzielone do Ciebie: <ref>' },
    ]);
  });

  it('of accounts made before people chose one is their partner’s (the migration)', async () => {
    const db = t.database.db;
    const ids: string[] = [];
    for (const partner of ['BIC', 'LOP', 'CIT', 'ESNB']) {
      const [row] = await queryRows<{ id: string }>(
        db,
        sql`INSERT INTO users (email, name, partner, role, password_hash, language)
            VALUES (${`old.${partner.toLowerCase()}.${++counter}@example.eu`}, 'Old', ${partner}, 'viewer', 'x', 'en') RETURNING id`,
      );
      ids.push(row!.id);
    }
    const migration = readFileSync(new URL('../../../drizzle/0019_user_language_backfill.sql', import.meta.url), 'utf8');
    await db.execute(sql.raw(migration));
    const rows = await queryRows<{ partner: string; language: string }>(
      db,
      sql`SELECT partner, language FROM users WHERE id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) ORDER BY email`,
    );
    expect(rows.map((r) => `${r.partner}:${r.language}`).sort()).toEqual(['BIC:de', 'CIT:de', 'ESNB:pl', 'LOP:pl']);
  });
});
