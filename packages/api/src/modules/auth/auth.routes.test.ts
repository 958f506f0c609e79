import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Problem, SessionInfo } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, TEST_PASSWORD, type Principal, type TestApp } from '../../test/app.js';
import { sessionsTable } from './auth.table.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  t = await createTestApp({
    login: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 8, windowMinutes: 15 },
    session: { idleMinutes: 30, absoluteHours: 8 },
  });
  admin = await t.admin();
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

const cookieOf = (res: { cookies: { name: string; value: string; secure?: boolean }[] }) =>
  res.cookies.find((c) => c.name === 'eurn_session');

describe('login', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and answers with the user and a CSRF token', async () => {
    const user = await t.staff('consultant', 'LOP');
    const res = await login(user.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = cookieOf(res)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const session = json<SessionInfo>(res);
    expect(session.user).toMatchObject({ email: user.email, partner: 'LOP', role: 'consultant' });

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eurn_session: cookie.value } });
    expect(json<SessionInfo>(me).user.email).toBe(user.email);
  });

  it('marks the cookie Secure behind https', async () => {
    const https = await createTestApp({ trustProxy: 1 });
    try {
      const user = await https.staff('viewer');
      const res = await https.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(cookieOf(res)?.secure).toBe(true);
    } finally {
      await https.close();
    }
  });

  it('gives a new session id at every login', async () => {
    const user = await t.staff('viewer');
    const a = cookieOf(await login(user.email, TEST_PASSWORD))!.value;
    const b = cookieOf(await login(user.email, TEST_PASSWORD))!.value;
    expect(a).not.toBe(b);
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const user = await t.staff('viewer');
    const wrong = await login(user.email, 'not the password at all', '10.0.0.2');
    const unknown = await login('nobody@example.eu', 'not the password at all', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (p: Problem) => ({ ...p, requestId: undefined });
    expect(strip(json<Problem>(wrong))).toEqual(strip(json<Problem>(unknown)));
    expect(json<Problem>(wrong).code).toBe('INVALID_CREDENTIALS');
  });

  it('throttles repeated failures per account, even for the right password afterwards', async () => {
    const user = await t.staff('viewer');
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password 123', `10.1.0.${i}`)).statusCode).toBe(401);
    const blocked = await login(user.email, TEST_PASSWORD, '10.1.0.9');
    expect(blocked.statusCode).toBe(429);
    expect(json<Problem>(blocked).code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await t.staff('viewer');
    expect((await login(other.email, TEST_PASSWORD, '10.1.0.9')).statusCode).toBe(200);
  });

  it('throttles repeated failures per client address across accounts', async () => {
    for (let i = 0; i < 8; i++) await login(`guess${i}@example.eu`, 'wrong password 123', '10.2.0.1');
    const user = await t.staff('viewer');
    expect((await login(user.email, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
  });
});

describe('login throttle', () => {
  const evaluatedFailures = async (userId: string) =>
    (
      await queryRows<{ n: number }>(
        t.database.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed' AND entity_id = ${userId}`,
      )
    )[0]!.n;

  it('checks at most the limit of passwords in a burst of parallel logins, and a right one late in the burst gets no session', async () => {
    const user = await t.staff('viewer');
    const burst = Array.from({ length: 40 }, (_, i) => login(user.email, i < 35 ? `wrong password ${i}` : TEST_PASSWORD, `10.5.0.${i}`));
    const statuses = (await Promise.all(burst)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
    expect(await evaluatedFailures(user.id)).toBe(3);
  });

  it('lets the owner sign in from an address they signed in from before while others have blocked the account', async () => {
    const user = await t.staff('consultant', 'CIT');
    expect((await login(user.email, TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password 123', `10.6.1.${i}`)).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.6.2.1')).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(200);
    // The known address has an allowance of its own, not an unlimited one.
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password 123', '10.6.0.1')).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.6.0.1')).statusCode).toBe(429);
  });

  it('throttles the check of the current password when changing it', async () => {
    const user = await t.staff('viewer');
    const change = (currentPassword: string) =>
      user.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword, newPassword: 'ein ganz neues Passwort 7' } });
    for (let i = 0; i < 3; i++) expect(json<Problem>(await change(`wrong password ${i}`)).code).toBe('PASSWORD_INCORRECT');
    const blocked = await change(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(json<Problem>(blocked).code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another user's checks are not affected.
    const other = await t.staff('viewer');
    const res = await other.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'ein ganz neues Passwort 7' },
    });
    expect(res.statusCode).toBe(204);
  });
});

describe('sessions', () => {
  it('end at logout, at once', async () => {
    const user = await t.staff('viewer');
    expect((await user.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(200);
    expect((await user.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    const after = await user.inject({ method: 'GET', url: '/api/v1/clusters' });
    expect(after.statusCode).toBe(401);
    expect(json<Problem>(after).code).toBe('UNAUTHENTICATED');
  });

  it('expire after the idle time and after the absolute lifetime', async () => {
    const idle = await t.staff('viewer');
    await t.database.db.execute(sql`UPDATE ${sessionsTable} SET last_seen_at = now() - interval '31 minutes' WHERE user_id = ${idle.id}`);
    expect((await idle.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(401);

    const old = await t.staff('viewer');
    await t.database.db.execute(sql`UPDATE ${sessionsTable} SET expires_at = now() - interval '1 second' WHERE user_id = ${old.id}`);
    expect((await old.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(401);

    const active = await t.staff('viewer');
    await t.database.db.execute(sql`UPDATE ${sessionsTable} SET last_seen_at = now() - interval '29 minutes' WHERE user_id = ${active.id}`);
    expect((await active.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(200);
  });

  it('of a deactivated user end at once, and a new role applies to the next request', async () => {
    const user = await t.staff('consultant', 'CIT');
    const current = await admin.inject({ method: 'GET', url: `/api/v1/users/${user.id}` });
    const promoted = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: { 'if-match': current.headers.etag as string },
      payload: { role: 'viewer' },
    });
    expect(promoted.statusCode).toBe(200);
    const create = await user.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'network', name: { de: 'Test' }, regions: ['DE402'], partner: 'CIT' },
    });
    expect(create.statusCode).toBe(403);

    const deactivate = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: { 'if-match': promoted.headers.etag as string },
      payload: { status: 'deactivated' },
    });
    expect(deactivate.statusCode).toBe(200);
    expect((await user.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(401);
    expect((await login(user.email, TEST_PASSWORD, '10.3.0.1')).statusCode).toBe(401);
  });
});

describe('housekeeping', () => {
  const keysLike = async (pattern: string) =>
    (await queryRows<{ key: string }>(t.database.db, sql`SELECT key FROM login_failures WHERE key LIKE ${pattern} ORDER BY key`)).map(
      (r) => r.key,
    );
  const sessionsOf = async (userId: string) =>
    (await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM ${sessionsTable} WHERE user_id = ${userId}`))[0]!.n;

  it('removes dead sessions and throttle entries that no longer count, and keeps the rest', async () => {
    const idle = await t.staff('viewer');
    await t.database.db.execute(sql`UPDATE ${sessionsTable} SET last_seen_at = now() - interval '31 minutes' WHERE user_id = ${idle.id}`);
    const expired = await t.staff('viewer');
    await t.database.db.execute(sql`UPDATE ${sessionsTable} SET expires_at = now() - interval '1 second' WHERE user_id = ${expired.id}`);
    const active = await t.staff('viewer');

    // Addresses in 10.9.*: one failed long ago, one blocked now, one known to an account for 100 days, one for 10.
    for (const ip of ['10.9.0.1', '10.9.0.2']) expect((await login(active.email, 'wrong password 9', ip)).statusCode).toBe(401);
    await t.database.db.execute(sql`UPDATE login_failures SET window_start = now() - interval '16 minutes' WHERE key = 'address:10.9.0.1'`);
    await t.database.db.execute(
      sql`UPDATE login_failures SET window_start = now() - interval '16 minutes', blocked_until = now() + interval '5 minutes' WHERE key = 'address:10.9.0.2'`,
    );
    await t.database.db.execute(sql`INSERT INTO login_failures (key, failures, window_start) VALUES
      ('known:old@10.9.0.3', 0, now() - interval '100 days'), ('known:recent@10.9.0.4', 0, now() - interval '10 days')`);

    await t.app.auth.housekeeping();

    expect(await sessionsOf(idle.id)).toBe(0);
    expect(await sessionsOf(expired.id)).toBe(0);
    expect(await sessionsOf(active.id)).toBe(1);
    expect((await active.inject({ method: 'GET', url: '/api/v1/clusters' })).statusCode).toBe(200);
    expect(await keysLike('address:10.9.%')).toEqual(['address:10.9.0.2']);
    expect(await keysLike('known:%@10.9.%')).toEqual(['known:recent@10.9.0.4']);
  });
});

describe('CSRF and origins', () => {
  it('refuses a change made with the session cookie but without the right X-CSRF-Token', async () => {
    const user = await t.staff('consultant', 'BIC');
    const payload = { kind: 'network', name: { de: 'CSRF-Probe' }, regions: ['DE403'], partner: 'BIC' };
    for (const token of [undefined, 'forged-token']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        payload,
        headers: { cookie: user.headers.cookie!, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      expect(res.statusCode).toBe(403);
      expect(json<Problem>(res).code).toBe('CSRF_FAILED');
    }
    expect((await user.inject({ method: 'POST', url: '/api/v1/clusters', payload })).statusCode).toBe(201);
  });

  it('refuses a change with the session cookie from a foreign origin', async () => {
    const user = await t.staff('consultant', 'BIC');
    const res = await user.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      headers: { origin: 'https://evil.example' },
      payload: { kind: 'network', name: { de: 'Fremd' }, regions: ['DE403'], partner: 'BIC' },
    });
    expect(res.statusCode).toBe(403);
    expect(json<Problem>(res).code).toBe('ORIGIN_NOT_ALLOWED');
  });
});

describe('own password', () => {
  it('needs the current password, refuses weak ones, and ends the other sessions', async () => {
    const user = await t.staff('consultant', 'ESNB');
    const other = cookieOf(await login(user.email, TEST_PASSWORD, '10.4.0.1'))!.value;
    const wrong = await user.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'nope nope nope', newPassword: 'a much better passphrase' },
    });
    expect(json<Problem>(wrong).code).toBe('PASSWORD_INCORRECT');
    for (const weak of ['short', 'password1234', 'qwertyuiop123']) {
      const res = await user.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: weak },
      });
      expect(res.statusCode).toBe(400);
    }
    const ok = await user.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Oderbruch im Nebel 2024' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await user.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { eurn_session: other } })).statusCode).toBe(401);
    expect((await login(user.email, 'Oderbruch im Nebel 2024', '10.4.0.2')).statusCode).toBe(200);
  });
});
