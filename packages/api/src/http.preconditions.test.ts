import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Problem } from '@euregionet/shared';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from './test/app.js';
import { frameworkBody } from './test/records.js';

/**
 * Changes of versioned records name the version they are based on: without If-Match the answer
 * is 428, with another version 412, and in both cases nothing changes. Users, dialogue events
 * and evaluation frameworks (their changes and their publication).
 */

let t: TestApp;
let admin: Principal;

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

async function created(url: string, payload: object): Promise<{ id: string; version: number }> {
  const res = await admin.inject({ method: 'POST', url, payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return json(res);
}

interface Case {
  name: string;
  /** A new record at version 1; answers the URL of the change and the URL to read it back. */
  make(): Promise<{ change: string; read: string }>;
  method: 'PATCH' | 'POST';
  payload?: object;
  /** What the change shows once made. */
  changed: Record<string, unknown>;
  /** The answer to the same change again (a published framework is published once: 409). */
  again: number;
}

const CASES: Case[] = [
  {
    name: 'a user',
    async make() {
      const user = await created('/api/v1/users', {
        email: `locked.${Math.random().toString(36).slice(2)}@example.eu`,
        name: 'Jana Nowak',
        partner: 'LOP',
        role: 'viewer',
        password: 'Odra płynie do Bałtyku',
      });
      return { change: `/api/v1/users/${user.id}`, read: `/api/v1/users/${user.id}` };
    },
    method: 'PATCH',
    payload: { role: 'consultant' },
    changed: { role: 'consultant' },
    again: 412,
  },
  {
    name: 'a dialogue event',
    async make() {
      const event = await created('/api/v1/events', {
        title: { de: 'Clusterdialog Holz' },
        date: '2019-04-11',
        place: 'Eberswalde',
        languages: ['de', 'pl'],
        organisingPartner: 'BIC',
        participantCount: 30,
      });
      return { change: `/api/v1/events/${event.id}`, read: `/api/v1/events/${event.id}` };
    },
    method: 'PATCH',
    payload: { participantCount: 31 },
    changed: { participantCount: 31 },
    again: 412,
  },
  ...(['change', 'publication'] as const).map((what): Case => ({
    name: `the ${what} of an evaluation framework`,
    async make() {
      const framework = await created('/api/v1/evaluation-frameworks', frameworkBody(`locked-${what}`, 'Locking'));
      const read = `/api/v1/evaluation-frameworks/${framework.id}`;
      return { change: what === 'change' ? read : `${read}/publish`, read };
    },
    method: what === 'change' ? 'PATCH' : 'POST',
    ...(what === 'change' ? { payload: { name: { en: 'Locking, renamed' } } } : {}),
    changed: what === 'change' ? { name: { en: 'Locking, renamed' } } : { status: 'published' },
    again: what === 'change' ? 412 : 409,
  })),
];

describe('changes of versioned records', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: 428 without If-Match, 412 with another version, 200 with its own',
    async (_name, c) => {
      const { change, read } = await c.make();
      const attempt = (ifMatch?: string) =>
        admin.inject({
          method: c.method,
          url: change,
          ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
          ...(c.payload ? { payload: c.payload } : {}),
        });
      const before = json(await admin.inject({ method: 'GET', url: read }));
      expect(before).toMatchObject({ version: 1 });

      const missing = await attempt();
      expect(missing.statusCode).toBe(428);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json<Problem>(missing).code).toBe('PRECONDITION_REQUIRED');
      for (const stale of ['"v2"', '"v0"', 'W/"v7"', '*', 'v1', '"1"']) {
        const res = await attempt(stale);
        expect({ stale, status: res.statusCode, code: json<Problem>(res).code }).toEqual({
          stale,
          status: 412,
          code: 'PRECONDITION_FAILED',
        });
      }
      // Nothing was changed by the refused attempts.
      expect(json(await admin.inject({ method: 'GET', url: read }))).toEqual(before);

      const done = await attempt('"v1"');
      expect(done.statusCode).toBe(200);
      expect(done.headers.etag).toBe('"v2"');
      expect(json(done)).toMatchObject({ ...c.changed, version: 2 });
      // The same change again, based on the version it replaced, is refused.
      expect((await attempt('"v1"')).statusCode).toBe(c.again);
    },
  );
});
