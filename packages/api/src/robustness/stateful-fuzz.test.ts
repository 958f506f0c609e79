import { afterAll, beforeAll, describe, it } from '@jest/globals';
import fc from 'fast-check';
import type { PartnerCode, Role } from '@euregionet/shared';
import { canEditRecord } from '@euregionet/shared';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';

/**
 * Model-based fuzzing (fast-check commands): random sequences of create → read → update →
 * delete, by staff of different partners and roles, checked against a model of what each of
 * them may see and do: clusters (shared by all staff, changed by their partner's consultants,
 * coordinators and administrators) and consulting requests (private to their partner: a
 * consultant of another partner gets the same 404 as for a request that does not exist). FUZZ_RUNS and FUZZ_SEED as in openapi-fuzz.test.ts.
 */
const RUNS = Math.max(5, Math.floor(Number(process.env.FUZZ_RUNS ?? 12) / 2));
const SEED = Number(process.env.FUZZ_SEED ?? 2017);

interface Caller {
  name: string;
  role: Role;
  partner: PartnerCode;
  principal: Principal;
}
interface Record_ {
  id: string;
  partner: PartnerCode;
  version: number;
  deleted: boolean;
}
interface Request_ {
  id: string;
  partner: PartnerCode;
}
interface Model {
  records: Record_[];
  requests: Request_[];
}
interface Real {
  t: TestApp;
}

let t: TestApp;
const callers: Caller[] = [];

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 10_000_000 });
  for (const [role, partner] of [
    ['admin', 'BIC'],
    ['coordinator', 'BIC'],
    ['consultant', 'LOP'],
    ['consultant', 'CIT'],
    ['viewer', 'ESNB'],
  ] as const) {
    callers.push({ name: `${role}/${partner}`, role, partner, principal: await t.staff(role, partner) });
  }
});
afterAll(() => t.close());

const mayEdit = (c: Caller, r: { partner: PartnerCode }) => canEditRecord({ id: c.principal.id, role: c.role, partner: c.partner }, r);
const fail = (why: string, status: number, body: string) => {
  throw new Error(`${why}: got ${status} ${body.slice(0, 300)}`);
};

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly partner: PartnerCode,
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await this.caller.principal.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { kind: 'network', name: { de: `Zustand ${m.records.length}` }, regions: ['DE403'], partner: this.partner },
    });
    const expected = mayEdit(this.caller, { partner: this.partner }) ? 201 : 403;
    if (res.statusCode !== expected)
      fail(`create by ${this.caller.name} for ${this.partner} should be ${expected}`, res.statusCode, res.body);
    if (res.statusCode === 201) m.records.push({ id: json<{ id: string }>(res).id, partner: this.partner, version: 1, deleted: false });
    void r;
  }
  toString = () => `Create(${this.caller.name}, ${this.partner})`;
}

class Read implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.records.length > 0;
  async run(m: Model) {
    const record = m.records[this.index % m.records.length]!;
    const res = await this.caller.principal.inject({ method: 'GET', url: `/api/v1/clusters/${record.id}` });
    const expected = record.deleted ? 404 : 200;
    if (res.statusCode !== expected)
      fail(
        `read of a ${record.deleted ? 'deleted' : 'live'} record by ${this.caller.name} should be ${expected}`,
        res.statusCode,
        res.body,
      );
    if (res.statusCode === 200 && res.headers.etag !== `"v${record.version}"`)
      fail(`ETag should be "v${record.version}"`, res.statusCode, String(res.headers.etag));
  }
  toString = () => `Read(${this.caller.name}, #${this.index})`;
}

class Update implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.records.length > 0;
  async run(m: Model) {
    const record = m.records[this.index % m.records.length]!;
    const version = this.stale ? record.version - 1 : record.version;
    const res = await this.caller.principal.inject({
      method: 'PATCH',
      url: `/api/v1/clusters/${record.id}`,
      headers: { 'if-match': `"v${version}"` },
      payload: { website: `https://v${record.version + 1}.example.eu` },
    });
    const expected = record.deleted ? 404 : !mayEdit(this.caller, record) ? 403 : this.stale ? 412 : 200;
    if (res.statusCode !== expected)
      fail(`update by ${this.caller.name} (${this.stale ? 'stale' : 'fresh'}) should be ${expected}`, res.statusCode, res.body);
    if (res.statusCode === 200) record.version++;
  }
  toString = () => `Update(${this.caller.name}, #${this.index}, ${this.stale ? 'stale' : 'fresh'})`;
}

class ConcurrentUpdates implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.records.some((r) => !r.deleted);
  async run(m: Model) {
    const live = m.records.filter((r) => !r.deleted);
    const record = live[this.index % live.length]!;
    const admin = callers[0]!.principal;
    const results = await Promise.all(
      [1, 2].map((n) =>
        admin.inject({
          method: 'PATCH',
          url: `/api/v1/clusters/${record.id}`,
          headers: { 'if-match': `"v${record.version}"` },
          payload: { foundedYear: 2000 + n },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    if (statuses.join() !== '200,412') fail('two updates from one ETag: exactly one should win', statuses[0]!, statuses.join());
    record.version++;
  }
  toString = () => `ConcurrentUpdates(#${this.index})`;
}

/** Consulting requests are private to their partner: others must not even learn they exist. */
class CreateRequest implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly partner: PartnerCode,
  ) {}
  check = () => true;
  async run(m: Model) {
    const res = await this.caller.principal.inject({
      method: 'POST',
      url: '/api/v1/consulting-requests',
      payload: {
        requesterName: 'Ewa Testowa',
        requesterEmail: `ewa.${m.requests.length}.${Math.random()}@example.pl`,
        country: 'PL',
        language: 'pl',
        topic: 'funding',
        message: `Pytanie numer ${m.requests.length} ${Math.random()}`,
        consent: true,
        consentTextVersion: '2026-01',
        partner: this.partner,
      },
    });
    const consultantElsewhere = this.caller.role === 'consultant' && this.caller.partner !== this.partner;
    const expected = this.caller.role === 'viewer' || consultantElsewhere ? 403 : 201;
    if (res.statusCode !== expected)
      fail(`intake by ${this.caller.name} for ${this.partner} should be ${expected}`, res.statusCode, res.body);
    if (res.statusCode === 201) m.requests.push({ id: json<{ id: string }>(res).id, partner: this.partner });
  }
  toString = () => `CreateRequest(${this.caller.name}, ${this.partner})`;
}

class ReadRequest implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.requests.length > 0;
  async run(m: Model) {
    const request = m.requests[this.index % m.requests.length]!;
    const res = await this.caller.principal.inject({ method: 'GET', url: `/api/v1/consulting-requests/${request.id}` });
    const hidden = this.caller.role === 'consultant' && this.caller.partner !== request.partner;
    const expected = hidden ? 404 : 200;
    if (res.statusCode !== expected)
      fail(`${this.caller.name} reading a request of ${request.partner} should get ${expected}`, res.statusCode, res.body);
    if (hidden && json<{ code: string }>(res).code !== 'CONSULTING_REQUEST_NOT_FOUND')
      fail('a hidden request must look like a missing one', res.statusCode, res.body);
  }
  toString = () => `ReadRequest(${this.caller.name}, #${this.index})`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.records.length > 0;
  async run(m: Model) {
    const record = m.records[this.index % m.records.length]!;
    const res = await this.caller.principal.inject({ method: 'DELETE', url: `/api/v1/clusters/${record.id}` });
    const manager = this.caller.role === 'admin' || this.caller.role === 'coordinator';
    const expected = !manager ? 403 : record.deleted ? 404 : 204;
    if (res.statusCode !== expected) fail(`delete by ${this.caller.name} should be ${expected}`, res.statusCode, res.body);
    if (res.statusCode === 204) record.deleted = true;
  }
  toString = () => `Delete(${this.caller.name}, #${this.index})`;
}

describe('stateful fuzzing', () => {
  it('keeps every caller’s view consistent with the model through random sequences', async () => {
    const caller = fc.constantFrom(...callers);
    const partner = fc.constantFrom<PartnerCode>('BIC', 'LOP', 'CIT', 'ESNB');
    const index = fc.nat(50);
    const commands = [
      fc.tuple(caller, partner).map(([c, p]) => new Create(c, p)),
      fc.tuple(caller, index).map(([c, i]) => new Read(c, i)),
      fc.tuple(caller, index, fc.boolean()).map(([c, i, s]) => new Update(c, i, s)),
      index.map((i) => new ConcurrentUpdates(i)),
      fc.tuple(caller, index).map(([c, i]) => new Delete(c, i)),
      fc.tuple(caller, partner).map(([c, p]) => new CreateRequest(c, p)),
      fc.tuple(caller, index).map(([c, i]) => new ReadRequest(c, i)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (cmds) => {
        await fc.asyncModelRun(() => ({ model: { records: [], requests: [] }, real: { t } }), cmds);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 180_000);
});
