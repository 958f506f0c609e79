import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Problem } from '@euregionet/shared';
import { polishFundingRequest } from '../test/consulting.js';
import { createTestAppWithPortal, json, type Principal, type TestApp } from '../test/app.js';

let t: TestApp;
let admin: Principal;
let portal: Principal;
beforeAll(async () => ({ t, admin, portal } = await createTestAppWithPortal(['requests:create'])));
afterAll(() => t.close());

/** A 400 VALIDATION_FAILED that names exactly these fields as holding characters that cannot be stored. */
function expectRefused(res: { statusCode: number; body: string; headers: Record<string, unknown> }, ...pointers: string[]) {
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = json<Problem>(res);
  expect(problem.code).toBe('VALIDATION_FAILED');
  expect(problem.errors).toEqual(pointers.map((pointer) => expect.objectContaining({ pointer, code: 'invalid_characters' })));
}

const submission = (over: Record<string, unknown> = {}) =>
  polishFundingRequest('Katarzyna Wiśniewska', 'k.wisniewska@firma.example.pl', {
    organisationName: 'Lubuska Fabryka Okien Sp. z o.o.',
    ...over,
  });

describe('a text with a character the database cannot store', () => {
  it.each([
    '/api/v1/clusters?q=%00',
    '/api/v1/organisations?q=Firma%00',
    '/api/v1/search?q=%00',
    '/api/v1/funding-calls?q=a%00b',
    '/api/v1/consulting-requests?q=%00',
    '/api/v1/audit-log?entity=%00',
  ])('in the query of %s is a 400 naming the parameter', async (url) => {
    const res = await admin.inject({ method: 'GET', url });
    const name = new URL(url, 'http://x').searchParams.keys().next().value;
    expectRefused(res, `/query/${name}`);
  });

  it('in the e-mail of a login is a 400, not a failed query', async () => {
    const res = await t.anonymous.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'someone\u0000@example.eu', password: 'whatever it is' },
    });
    expectRefused(res, '/body/email');
  });

  it('in fields of a portal submission is a 400 naming each field', async () => {
    const nul = await portal.inject({
      method: 'POST',
      url: '/api/v1/public/consulting-requests',
      payload: submission({ requesterName: 'Katarzyna\u0000', organisationName: 'Fabryka\u0000' }),
    });
    expectRefused(nul, '/body/requesterName', '/body/organisationName');
    // A lone surrogate can only arrive escaped in JSON: it would be stored as U+FFFD in a text column.
    const body = JSON.stringify(submission({ message: 'MESSAGE' })).replace(
      'MESSAGE',
      'Szukamy dofinansowania \\ud800 na projekt wspólny.',
    );
    const surrogate = await portal.inject({
      method: 'POST',
      url: '/api/v1/public/consulting-requests',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expectRefused(surrogate, '/body/message');
  });

  it('in a nested multilingual text and in a path parameter', async () => {
    const cluster = await admin.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'network', name: { de: 'Netz\u0000werk' }, regions: ['DE402'], partner: 'BIC' },
    });
    expectRefused(cluster, '/body/name/de');
    const reader = await t.apiKey(['public:read']);
    const bySlug = await reader.inject({ method: 'GET', url: '/api/v1/public/clusters/a%00b' });
    expect(bySlug.statusCode).toBe(400);
    expect(json<Problem>(bySlug).errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/path/slug' })]));
  });

  it('leaves every other text alone', async () => {
    const res = await admin.inject({ method: 'GET', url: `/api/v1/clusters?q=${encodeURIComponent('Zażółć gęślą jaźń 😀')}` });
    expect(res.statusCode).toBe(200);
  });
});

describe('a portal query accepted before', () => {
  it('is checked again with every other value: the same parameters, other values, other answers', async () => {
    const reader = await t.apiKey(['public:read']);
    const page = (query: string) => reader.inject({ method: 'GET', url: `/api/v1/public/clusters?${query}` });
    for (let round = 0; round < 2; round++) {
      expect((await page('lang=pl&limit=1')).statusCode).toBe(200);
      expect(json<{ lang: string }>(await page('lang=de&limit=1')).lang).toBe('de');
      const refused = await page('lang=pl&limit=0');
      expect([refused.statusCode, json<Problem>(refused).code]).toEqual([400, 'VALIDATION_FAILED']);
      expectRefused(await page('lang=pl&limit=1&q=%00'), '/query/q');
    }
  });
});
