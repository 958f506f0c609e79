import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Problem } from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';

/** A cursor as a client could forge one: any JSON, base64url-encoded. */
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const ID = '0b7f6c1e-3a54-4c2e-9d8e-5f1a2b3c4d5e';

/**
 * Every keyset-paged listing of the API. `kindChecked`: the first value of its sort key is not a
 * text, so a text there must be refused before it reaches a cast in SQL.
 */
const LISTS: { url: string; caller: 'admin' | 'portal'; kindChecked: boolean }[] = [
  { url: '/api/v1/users', caller: 'admin', kindChecked: false },
  { url: '/api/v1/audit-log', caller: 'admin', kindChecked: true },
  { url: '/api/v1/outbox', caller: 'admin', kindChecked: true },
  { url: '/api/v1/consulting-requests', caller: 'admin', kindChecked: true },
  { url: '/api/v1/clusters', caller: 'admin', kindChecked: false },
  { url: '/api/v1/clusters?sort=-updatedAt', caller: 'admin', kindChecked: true },
  { url: '/api/v1/organisations', caller: 'admin', kindChecked: false },
  { url: '/api/v1/organisations?q=holz', caller: 'admin', kindChecked: true },
  { url: '/api/v1/funding-calls', caller: 'admin', kindChecked: true },
  { url: '/api/v1/funding-calls?sort=-updatedAt', caller: 'admin', kindChecked: true },
  { url: '/api/v1/events', caller: 'admin', kindChecked: true },
  { url: '/api/v1/internationalisation-measures', caller: 'admin', kindChecked: true },
  { url: '/api/v1/imports', caller: 'admin', kindChecked: true },
  { url: '/api/v1/evaluation-frameworks', caller: 'admin', kindChecked: false },
  { url: '/api/v1/evaluations', caller: 'admin', kindChecked: true },
  { url: '/api/v1/search', caller: 'admin', kindChecked: false },
  { url: '/api/v1/search?q=holz', caller: 'admin', kindChecked: true },
  { url: '/api/v1/profiles', caller: 'admin', kindChecked: true },
  { url: '/api/v1/matches', caller: 'admin', kindChecked: true },
  { url: '/api/v1/brand/applications', caller: 'admin', kindChecked: true },
  { url: '/api/v1/brand/awards', caller: 'admin', kindChecked: true },
  { url: '/api/v1/public/clusters', caller: 'portal', kindChecked: false },
  { url: '/api/v1/public/clusters?q=holz', caller: 'portal', kindChecked: true },
  { url: '/api/v1/public/funding-calls', caller: 'portal', kindChecked: true },
];

let t: TestApp;
const callers: Partial<Record<'admin' | 'portal', Principal>> = {};
beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  callers.admin = await t.admin();
  callers.portal = await t.apiKey(['public:read']);
}, 120_000);
afterAll(() => t.close());

async function answer(list: (typeof LISTS)[number], cursor: string) {
  const url = `${list.url}${list.url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
  const res = await callers[list.caller]!.inject({ method: 'GET', url });
  const problem = res.statusCode >= 400 ? json<Problem>(res) : undefined;
  return {
    url: list.url,
    status: res.statusCode,
    code: problem?.code,
    pointer: problem?.errors?.[0]?.pointer,
    fieldCode: problem?.errors?.[0]?.code,
  };
}

const refused = (url: string) => ({ url, status: 400, code: 'VALIDATION_FAILED', pointer: '/query/cursor', fieldCode: 'invalid_cursor' });

describe('a cursor that no page made', () => {
  it('is answered alike by every paged list: 400 VALIDATION_FAILED, invalid_cursor at /query/cursor', async () => {
    for (const cursor of ['not-a-cursor', forge({ after: 3 }), forge([{}, 'not-an-id', 7])]) {
      const answers = [];
      for (const list of LISTS) answers.push(await answer(list, cursor));
      expect(answers).toEqual(LISTS.map((l) => refused(l.url)));
    }
  });

  it('is refused, not failed in the database, when a value is of the wrong kind for the sort key', async () => {
    const checked = LISTS.filter((l) => l.kindChecked);
    expect(checked.length).toBeGreaterThan(10);
    const answers = [];
    for (const list of checked) answers.push(await answer(list, forge(['garbage', ID])));
    expect(answers).toEqual(checked.map((l) => refused(l.url)));
  });
});
