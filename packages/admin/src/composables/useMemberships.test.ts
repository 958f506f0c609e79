import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ref } from 'vue';
import { useAction } from './useAction.js';
import { useMemberships } from './useMemberships.js';

const fetchMock = jest.fn<typeof fetch>();
globalThis.fetch = fetchMock;
// The tests run in Node: the browser's confirm dialog is the one thing stood in for.
const confirm = jest.fn<(question: string) => boolean>();
Object.assign(globalThis, { window: { confirm } });
afterEach(() => {
  fetchMock.mockReset();
  confirm.mockReset();
});

const member = {
  organisationId: '00000000-0000-4000-8000-0000000000a1',
  name: 'IHK Ostbrandenburg',
  type: 'chamber',
  region: 'DE40C',
  city: 'Frankfurt (Oder)',
  country: 'DE',
  published: true,
  role: 'associated',
  since: '2026-05-04',
};
const CLUSTER = '00000000-0000-4000-8000-0000000000c1';
const ORGANISATION = member.organisationId;

/** Each side of a membership as its page sets it up: the page's own record, the other one by id. */
function sides() {
  const reload = jest.fn(() => Promise.resolve());
  const error = ref<unknown>();
  const { run } = useAction(error);
  return {
    reload,
    error,
    cluster: useMemberships({ pair: (organisationId) => ({ clusterId: CLUSTER, organisationId }), reload, run }),
    organisation: useMemberships({ pair: (clusterId) => ({ clusterId, organisationId: ORGANISATION }), reload, run }),
  };
}
const sent = () => fetchMock.mock.calls.map(([url, init]) => [init?.method, url, init?.body ?? null]);

describe('changing a cluster’s members from either side', () => {
  it('writes the same membership from the cluster’s page and from the organisation’s, then reads the page again', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(member), { status: 200 }));
    const { cluster, organisation, reload } = sides();
    await cluster.save(ORGANISATION, 'associated', '2026-05-04');
    await organisation.save(CLUSTER, 'member', null);
    expect(sent()).toEqual([
      ['PUT', `/api/v1/clusters/${CLUSTER}/members/${ORGANISATION}`, '{"role":"associated","since":"2026-05-04"}'],
      ['PUT', `/api/v1/clusters/${CLUSTER}/members/${ORGANISATION}`, '{"role":"member","since":null}'],
    ]);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('removes a membership only when the question is answered yes', async () => {
    fetchMock.mockImplementation(async () => new Response(null, { status: 204 }));
    const { cluster, organisation, reload } = sides();
    confirm.mockReturnValue(false);
    await cluster.remove(ORGANISATION, 'Remove IHK Ostbrandenburg?');
    expect(confirm).toHaveBeenCalledWith('Remove IHK Ostbrandenburg?');
    expect(fetchMock).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();

    confirm.mockReturnValue(true);
    await organisation.remove(CLUSTER, 'Leave the cluster?');
    expect(sent()).toEqual([['DELETE', `/api/v1/clusters/${CLUSTER}/members/${ORGANISATION}`, null]]);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('puts a refusal in the page’s alert and does not read the page again', async () => {
    fetchMock.mockImplementation(
      async () =>
        new Response(JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'FORBIDDEN' }), { status: 403 }),
    );
    const { cluster, reload, error } = sides();
    await cluster.save(ORGANISATION, 'member', null);
    expect((error.value as { code?: string }).code).toBe('FORBIDDEN');
    expect(reload).not.toHaveBeenCalled();
  });
});
