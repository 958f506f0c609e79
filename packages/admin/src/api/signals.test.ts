import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { effectScope, ref } from 'vue';
import { useLatestLoad } from '../composables/useLatestLoad.js';
import { getBrandApplication, getBrandAward, verifyBrand } from './brand.js';
import { getCluster } from './clusters.js';
import { listDigestSubscriptions } from './digests.js';
import { getClusterFundingMatches } from './funding-calls.js';
import { getProjectIndicators } from './indicators.js';
import { getOrganisation } from './organisations.js';

const fetchMock = jest.fn<typeof fetch>();
globalThis.fetch = fetchMock;
afterEach(() => {
  fetchMock.mockReset();
});

/** A fetch that answers when told to, and rejects as browsers do when its signal aborts it. */
function pendingFetch() {
  const answers: ((body: unknown) => void)[] = [];
  fetchMock.mockImplementation(
    (_url, init) =>
      new Promise<Response>((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        answers.push((body) => resolve(new Response(JSON.stringify(body), { status: 200 })));
      }),
  );
  return answers;
}

describe('loads that a newer load cancels', () => {
  it('hand the signal of the load to fetch', async () => {
    fetchMock.mockImplementation(async () => new Response('{}', { status: 200 }));
    const signal = new AbortController().signal;
    const calls = [
      () => getCluster('c1', signal),
      () => getOrganisation('o1', signal),
      () => getProjectIndicators({ from: '2026-01-01' }, 'pl', signal),
      () => listDigestSubscriptions('o1', signal),
      () => getBrandApplication('a1', signal),
      () => getBrandAward('w1', signal),
      () => verifyBrand('EURN-B-2026-0001', signal),
      () => getClusterFundingMatches('c1', true, signal),
    ];
    // The answers do not fit the schemas: only what was asked matters here.
    for (const call of calls) await call().catch(() => undefined);
    expect(fetchMock.mock.calls.map(([url, init]) => [url, init?.signal === signal])).toEqual([
      ['/api/v1/clusters/c1', true],
      ['/api/v1/organisations/o1', true],
      ['/api/v1/indicators?from=2026-01-01&lang=pl', true],
      ['/api/v1/organisations/o1/digest-subscriptions', true],
      ['/api/v1/brand/applications/a1', true],
      ['/api/v1/brand/awards/w1', true],
      ['/api/v1/public/brand/EURN-B-2026-0001', true],
      ['/api/v1/clusters/c1/funding-matches?all=true', true],
    ]);
  });

  it('never let an older answer replace a newer one', async () => {
    const answers = pendingFetch();
    const { latest, error } = effectScope().run(() => useLatestLoad())!;
    const shown = ref<string[]>();
    const load = (organisationId: string) =>
      latest(async (signal) => {
        shown.value = (await listDigestSubscriptions(organisationId, signal)).data.items.map((s) => s.email);
      });
    const first = load('o1');
    const second = load('o2');
    const subscription = (email: string) => ({
      id: '00000000-0000-4000-8000-0000000000d1',
      organisationId: '00000000-0000-4000-8000-0000000000a1',
      email,
      name: 'Anna Nowak',
      language: 'pl',
      topics: ['events'],
      frequency: 'monthly',
      enabled: true,
      consentedAt: '2026-05-04T10:00:00.000Z',
      consentTextVersion: '2026-01',
      consentSource: 'signed form',
      consentRecordedBy: null,
      unsubscribedAt: null,
      lastSentAt: null,
      digestsSent: 0,
      version: 1,
      createdAt: '2026-05-04T10:00:00.000Z',
      updatedAt: '2026-05-04T10:00:00.000Z',
    });
    answers[1]!({ items: [subscription('new@example.org')] });
    await second;
    answers[0]!({ items: [subscription('old@example.org')] });
    await first;
    expect(shown.value).toEqual(['new@example.org']);
    expect(error.value).toBeUndefined();
  });
});
