import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Problem, User, UserPage } from '@euregionet/shared';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

let t: TestApp;
let admin: Principal;
beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
  email: 'anna.nowak@lop.example.pl',
  name: 'Anna Nowak',
  partner: 'LOP',
  role: 'consultant',
  password: 'Warta płynie przez Gorzów',
  ...over,
});

describe('users', () => {
  it('are created by an administrator, and sign in', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/users', payload: newUser() });
    expect(res.statusCode).toBe(201);
    const user = json<User>(res);
    expect(user).toMatchObject({ email: 'anna.nowak@lop.example.pl', partner: 'LOP', role: 'consultant', status: 'active' });
    expect(res.body).not.toMatch(/password/i);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'Anna.Nowak@LOP.example.pl', password: 'Warta płynie przez Gorzów' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('refuse a second account with the same e-mail in any case', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/users', payload: newUser({ email: 'ANNA.NOWAK@lop.example.pl' }) });
    expect(res.statusCode).toBe(409);
    expect(json<Problem>(res).code).toBe('EMAIL_TAKEN');
  });

  it('refuse short, common and e-mail-like passwords, naming the field', async () => {
    for (const password of ['zu kurz', 'password1234', '1q2w3e4r5t6y', 'jan.kowalski-2024!']) {
      const res = await admin.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: newUser({ email: 'jan.kowalski@lop.example.pl', password }),
      });
      expect(res.statusCode).toBe(400);
      expect(json<Problem>(res).errors?.[0]?.pointer).toBe('/body/password');
    }
  });

  it('can be listed and filtered by every staff member, but created only by administrators', async () => {
    const viewer = await t.staff('viewer', 'CIT');
    const page = json<UserPage>(await viewer.inject({ method: 'GET', url: '/api/v1/users?partner=LOP' }));
    expect(page.items.every((u) => u.partner === 'LOP')).toBe(true);
    const coordinator = await t.staff('coordinator');
    expect(
      (await coordinator.inject({ method: 'POST', url: '/api/v1/users', payload: newUser({ email: 'x@example.eu' }) })).statusCode,
    ).toBe(403);
  });

  it('show their e-mail address and last login to administrators only; others find them by name, not by e-mail', async () => {
    await admin.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: newUser({ email: 'piotr.zielinski@esnb.example.pl', name: 'Piotr Zieliński', partner: 'ESNB' }),
    });
    const query = (caller: Principal, q: string) => caller.inject({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent(q)}` });
    for (const role of ['viewer', 'consultant', 'coordinator'] as const) {
      const caller = await t.staff(role, 'BIC');
      const page = json<UserPage>(await query(caller, 'Zieliński'));
      expect(page.items.map((u) => [u.name, u.email, u.lastLoginAt])).toEqual([['Piotr Zieliński', null, null]]);
      const one = json<User>(await caller.inject({ method: 'GET', url: `/api/v1/users/${page.items[0]!.id}` }));
      expect(one).toMatchObject({ name: 'Piotr Zieliński', partner: 'ESNB', email: null });
      expect(json<UserPage>(await query(caller, 'zielinski@esnb')).items).toEqual([]);
    }
    const page = json<UserPage>(await query(admin, 'zielinski@esnb'));
    expect(page.items.map((u) => [u.name, u.email])).toEqual([['Piotr Zieliński', 'piotr.zielinski@esnb.example.pl']]);
  });

  it('keep at least one active administrator', async () => {
    const me = json<User>(await admin.inject({ method: 'GET', url: `/api/v1/users/${admin.id}` }));
    const res = await admin.inject({
      method: 'PATCH',
      url: `/api/v1/users/${admin.id}`,
      headers: { 'if-match': `"v${me.version}"` },
      payload: { role: 'viewer' },
    });
    expect(res.statusCode).toBe(409);
    expect(json<Problem>(res).code).toBe('LAST_ADMIN');
  });

  it('get a new password from an administrator, which ends their sessions', async () => {
    const user = await t.staff('viewer', 'ESNB');
    expect(
      (await admin.inject({ method: 'POST', url: `/api/v1/users/${user.id}/password`, payload: { password: 'Nysa Łużycka w maju' } }))
        .statusCode,
    ).toBe(204);
    expect((await user.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });
});
