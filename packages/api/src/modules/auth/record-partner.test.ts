import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAppWithAdmin, json, type Principal, type TestApp } from '../../test/app.js';

/**
 * Moving a record to another partner by PATCH (`partner`, an event's `organisingPartner`): only
 * coordinators and administrators may. A consultant may neither move their partner's record away
 * nor take another partner's record over; a viewer changes nothing.
 */

let t: TestApp;
let admin: Principal;

interface Kind {
  name: string;
  field: 'partner' | 'organisingPartner';
  /** Creates a record of BIC; answers its URL. */
  create(): Promise<string>;
}

async function created(url: string, payload: object): Promise<string> {
  const res = await admin.inject({ method: 'POST', url, payload });
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return `${url.split('?')[0]}/${json<{ id: string }>(res).id}`;
}

let n = 0;
const KINDS: Kind[] = [
  {
    name: 'a cluster',
    field: 'partner',
    create: () => created('/api/v1/clusters', { kind: 'network', name: { de: `Netzwerk ${++n}` }, regions: ['DE403'], partner: 'BIC' }),
  },
  {
    name: 'a dialogue event',
    field: 'organisingPartner',
    create: () =>
      created('/api/v1/events', {
        title: { de: `Clusterdialog ${++n}` },
        date: '2019-04-11',
        place: 'Frankfurt (Oder)',
        languages: ['de', 'pl'],
        organisingPartner: 'BIC',
        participantCount: 20,
      }),
  },
  {
    name: 'a funding call',
    field: 'partner',
    create: () =>
      created('/api/v1/funding-calls', {
        slug: `aufruf-${++n}`,
        programme: 'interreg',
        programmeName: 'INTERREG VI A Brandenburg–Polska 2021–2027',
        title: { de: 'Innovationskooperation' },
        regions: ['DE40', 'PL43'],
        closesOn: '2026-09-30',
        partner: 'BIC',
        published: true,
      }),
  },
  {
    name: 'a cooperation profile',
    field: 'partner',
    async create() {
      const owner = await created('/api/v1/organisations?confirmDistinct=true', {
        name: `Stahlbau ${++n} GmbH`,
        type: 'sme',
        country: 'DE',
        region: 'DE403',
      });
      return created('/api/v1/profiles', {
        ownerKind: 'organisation',
        ownerId: owner.split('/').at(-1),
        kind: 'offer',
        type: 'business',
        title: { de: 'Laserschneiden' },
        partner: 'BIC',
      });
    },
  },
];

beforeAll(async () => {
  ({ t, admin } = await createTestAppWithAdmin());
});
afterAll(() => t.close());

describe.each(KINDS.map((k) => [k.name, k] as const))('moving %s to another partner', (_name, kind) => {
  const read = async (url: string) => json<Record<string, unknown> & { version: number }>(await admin.inject({ method: 'GET', url }));
  const move = async (who: Principal, url: string, to: string) =>
    who.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': `"v${(await read(url)).version}"` },
      payload: { [kind.field]: to },
    });

  it('is refused to consultants of either partner and to viewers, and changes nothing', async () => {
    const url = await kind.create();
    const before = await read(url);
    expect(before[kind.field]).toBe('BIC');
    for (const [role, partner] of [
      ['consultant', 'BIC'],
      ['consultant', 'LOP'],
      ['viewer', 'BIC'],
    ] as const) {
      const who = await t.staff(role, partner);
      const res = await move(who, url, 'LOP');
      expect({ role, partner, status: res.statusCode }).toEqual({ role, partner, status: 403 });
    }
    expect(await read(url)).toEqual(before);
  });

  it('is done by coordinators and administrators; then the new partner’s consultants change it, the old one’s not', async () => {
    const url = await kind.create();
    const coordinator = await t.staff('coordinator', 'CIT');
    const moved = await move(coordinator, url, 'LOP');
    expect(moved.statusCode).toBe(200);
    expect(json(moved)).toMatchObject({ [kind.field]: 'LOP', version: 2 });

    const bic = await t.staff('consultant', 'BIC');
    const lop = await t.staff('consultant', 'LOP');
    expect((await move(bic, url, 'LOP')).statusCode).toBe(403);
    expect((await move(lop, url, 'LOP')).statusCode).toBe(200);
    // Nor can LOP's consultant hand it back.
    expect((await move(lop, url, 'BIC')).statusCode).toBe(403);

    const back = await move(admin, url, 'BIC');
    expect(back.statusCode).toBe(200);
    expect(json(back)).toMatchObject({ [kind.field]: 'BIC' });
  });
});
