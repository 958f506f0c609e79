import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import type { Problem, SessionInfo } from '@euregionet/shared';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, TEST_PASSWORD, type TestApp } from '../../test/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const clusterCount = async () => (await queryRows<{ n: number }>(t.database.db, sql`SELECT count(*)::int AS n FROM clusters`))[0]!.n;

/** Signs in through the API: the session cookie and the CSRF token the browser gets. */
async function signIn(email: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: TEST_PASSWORD } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'eurn_session')!;
  return { cookie: `eurn_session=${cookie.value}`, csrf: json<SessionInfo>(res).csrfToken };
}

describe('the CSRF token', () => {
  it('of another session is refused, even of the same user, and nothing is changed', async () => {
    const alice = await t.staff('consultant', 'BIC');
    const bob = await t.staff('consultant', 'BIC');
    const aliceAtWork = await signIn(alice.email);
    const aliceAtHome = await signIn(alice.email);
    const bobs = await signIn(bob.email);
    expect(new Set([aliceAtWork.csrf, aliceAtHome.csrf, bobs.csrf]).size).toBe(3);

    const create = (session: { cookie: string }, csrf: string, name: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/clusters',
        headers: { cookie: session.cookie, 'x-csrf-token': csrf },
        payload: { kind: 'network', name: { de: name }, regions: ['DE403'], partner: 'BIC' },
      });
    for (const [name, csrf] of [
      ['Fremdes Token derselben Person', aliceAtHome.csrf],
      ['Fremdes Token einer anderen Person', bobs.csrf],
    ] as const) {
      const res = await create(aliceAtWork, csrf, name);
      expect(res.statusCode).toBe(403);
      expect(json<Problem>(res).code).toBe('CSRF_FAILED');
    }
    expect(await clusterCount()).toBe(0);

    // Each session's own token works.
    expect((await create(aliceAtWork, aliceAtWork.csrf, 'Eigenes Token')).statusCode).toBe(201);
    expect((await create(aliceAtHome, aliceAtHome.csrf, 'Eigenes Token, zweite Sitzung')).statusCode).toBe(201);
    expect(await clusterCount()).toBe(2);
  });
});
