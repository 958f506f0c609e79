import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, json, type Principal, type TestApp } from '../test/app.js';
import { frameworkBody } from '../test/records.js';

/**
 * Model-based fuzzing (fast-check commands): random sequences of create, read, update, delete and
 * workflow steps on clusters, organisations, consulting requests, evaluations, cooperation
 * profiles and dialogue events, by staff of every role and of different partners, checked against
 * a model of what each of them may see and do. The model knows nothing of the product's code:
 * who may do what is the literal table ACCESS below, the workflows are literal graphs.
 *
 * In CI: FUZZ_RUNS (default 32) sequences of up to 60 commands (several hundred in all), seed 2017. Locally, longer:
 *   FUZZ_RUNS=300 FUZZ_SEED=$RANDOM NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects api-pglite --testPathPatterns stateful-fuzz
 * A failure prints the seed and the shrunk command sequence.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 32);
const SEED = Number(process.env.FUZZ_SEED ?? 2017);

type Role = 'admin' | 'coordinator' | 'consultant' | 'viewer';
type Partner = 'BIC' | 'LOP' | 'CIT' | 'ESNB';
type Entity = 'cluster' | 'organisation' | 'request' | 'evaluation' | 'profile' | 'event';
type Action = 'create' | 'read' | 'update' | 'delete' | 'transition' | 'approve';

/**
 * What a caller gets, by whether the record belongs to their own partner or another one:
 * - `yes`: allowed;
 * - `no`: 403, once the record is found (a missing record is a 404 first);
 * - `route`: 403 from the route itself, for this role and action whatever the record (even a missing one);
 * - `hidden`: 404 exactly as for a record that does not exist (others must not learn it exists).
 */
type Rule = 'yes' | 'no' | 'route' | 'hidden';
type Cell = readonly [own: Rule, other: Rule];

const EVERYONE: Cell = ['yes', 'yes'];
const OWN_ONLY: Cell = ['yes', 'no'];
const ROUTE: Cell = ['route', 'route'];

/**
 * The rights of each role, written out by hand from the project's rules (DOMAIN.md and the access
 * rule for consulting requests). Organisations belong to no partner: both columns are the same.
 * `transition` is the workflow step of the entity (a consulting request's move or assignment, an
 * evaluation's submission); `approve` an evaluation's approval or return.
 */
const ACCESS: Record<Entity, Partial<Record<Action, Record<Role, Cell>>>> = {
  cluster: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: EVERYONE },
    update: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    delete: { admin: EVERYONE, coordinator: EVERYONE, consultant: ROUTE, viewer: ROUTE },
  },
  organisation: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: EVERYONE },
    update: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: ROUTE },
    delete: { admin: EVERYONE, coordinator: EVERYONE, consultant: ROUTE, viewer: ROUTE },
  },
  // Personal data: a consultant or viewer of another partner must not learn that a request exists.
  // (Viewers of another partner: the decided access rule; older builds showed them every request.)
  request: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: ['yes', 'hidden'], viewer: ['yes', 'hidden'] },
    transition: { admin: EVERYONE, coordinator: EVERYONE, consultant: ['yes', 'hidden'], viewer: ROUTE },
  },
  evaluation: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: EVERYONE },
    update: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    delete: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    transition: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    approve: { admin: EVERYONE, coordinator: EVERYONE, consultant: ROUTE, viewer: ROUTE },
  },
  profile: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: EVERYONE },
    update: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    delete: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
  },
  event: {
    create: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    read: { admin: EVERYONE, coordinator: EVERYONE, consultant: EVERYONE, viewer: EVERYONE },
    update: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
    delete: { admin: EVERYONE, coordinator: EVERYONE, consultant: OWN_ONLY, viewer: ROUTE },
  },
};

/** The consulting workflow, by hand: where a request may go by a transition (assignment aside). */
const REQUEST_MOVES: Record<string, string[]> = {
  new: ['rejected'],
  assigned: ['in_progress', 'rejected'],
  in_progress: ['waiting_for_requester', 'resolved'],
  waiting_for_requester: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
  rejected: [],
};
const REQUEST_TARGETS = ['in_progress', 'waiting_for_requester', 'resolved', 'closed', 'rejected'] as const;
/** A request may be (re)assigned while work on it is open. */
const ASSIGNABLE = ['new', 'assigned', 'in_progress', 'waiting_for_requester'];

/** The evaluation workflow, by hand. */
const EVALUATION_STEPS = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
} as const;
type EvaluationStep = keyof typeof EVALUATION_STEPS;

const PATHS: Record<Entity, string> = {
  cluster: '/api/v1/clusters',
  organisation: '/api/v1/organisations',
  request: '/api/v1/consulting-requests',
  evaluation: '/api/v1/evaluations',
  profile: '/api/v1/profiles',
  event: '/api/v1/events',
};
const NOT_FOUND: Record<Entity, string> = {
  cluster: 'CLUSTER_NOT_FOUND',
  organisation: 'ORGANISATION_NOT_FOUND',
  request: 'CONSULTING_REQUEST_NOT_FOUND',
  evaluation: 'EVALUATION_NOT_FOUND',
  profile: 'PROFILE_NOT_FOUND',
  event: 'DIALOGUE_EVENT_NOT_FOUND',
};

interface Caller {
  name: string;
  role: Role;
  partner: Partner;
  principal: Principal;
}
interface Rec {
  entity: Entity;
  id: string;
  partner: Partner | null;
  version: number;
  deleted: boolean;
  /** Consulting requests and evaluations. */
  status?: string;
  assigneeId?: string | null;
  /** Evaluations: who wrote or scored it (they may not review it). */
  contributors?: Set<string>;
}
interface Model {
  run: number;
  records: Rec[];
}
type Real = Record<string, never>;

const PARTNERS: Partner[] = ['BIC', 'LOP', 'CIT', 'ESNB'];
const ENTITIES: Entity[] = ['cluster', 'organisation', 'request', 'evaluation', 'profile', 'event'];
const UPDATABLE: Entity[] = ['cluster', 'organisation', 'evaluation', 'profile', 'event'];

let t: TestApp;
const callers: Caller[] = [];
/** Clusters (one per partner) that evaluations are written about, and the organisation profiles belong to. */
const evaluatedCluster = {} as Record<Partner, string>;
let profileOwner: string;
let frameworkId: string;
let runs = 0;
let executed = 0;
const outcomes = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 10_000_000 });
  for (const [role, partner] of [
    ['admin', 'BIC'],
    ['coordinator', 'CIT'],
    ['consultant', 'BIC'],
    ['consultant', 'LOP'],
    ['viewer', 'BIC'],
    ['viewer', 'LOP'],
  ] as const) {
    callers.push({ name: `${role}/${partner}`, role, partner, principal: await t.staff(role, partner) });
  }
  const admin = callers[0]!.principal;
  for (const partner of PARTNERS) {
    const res = await admin.inject({ method: 'POST', url: PATHS.cluster, payload: clusterBody(partner, `Bewertet ${partner}`) });
    evaluatedCluster[partner] = created(res);
  }
  profileOwner = created(
    await admin.inject({ method: 'POST', url: `${PATHS.organisation}?confirmDistinct=true`, payload: organisationBody('Profilträger') }),
  );
  // A one-criterion framework: an evaluation scored on it is complete, so that it can be submitted.
  frameworkId = created(
    await admin.inject({
      method: 'POST',
      url: '/api/v1/evaluation-frameworks',
      payload: frameworkBody('fuzz-framework', 'Fuzz framework'),
    }),
  );
  const published = await admin.inject({
    method: 'POST',
    url: `/api/v1/evaluation-frameworks/${frameworkId}/publish`,
    headers: { 'if-match': '"v1"' },
  });
  if (published.statusCode !== 200) throw new Error(`could not publish the framework: ${published.body}`);
}, 120_000);
afterAll(() => t.close());

function created(res: LightMyRequestResponse): string {
  if (res.statusCode !== 201) throw new Error(`fixture not created: ${res.statusCode} ${res.body}`);
  return json<{ id: string }>(res).id;
}

const clusterBody = (partner: Partner, name: string) => ({ kind: 'network', name: { de: name }, regions: ['DE403'], partner });
const organisationBody = (name: string) => ({ name, type: 'sme', country: 'PL', city: 'Zielona Góra' });

function createBody(entity: Entity, partner: Partner, tag: string): Record<string, unknown> {
  switch (entity) {
    case 'cluster':
      return clusterBody(partner, `Zustand ${tag}`);
    case 'organisation':
      return organisationBody(`Zustand ${tag} sp. z o.o.`);
    case 'request':
      return {
        requesterName: `Ewa ${tag}`,
        requesterEmail: `ewa.${tag}@example.pl`,
        country: 'PL',
        language: 'pl',
        topic: 'funding',
        message: `Pytanie ${tag}`,
        consent: true,
        consentTextVersion: '2026-01',
        partner,
      };
    case 'evaluation':
      return { clusterId: evaluatedCluster[partner], frameworkId, answers: { 'only.one': { score: 1 } } };
    case 'profile':
      return {
        ownerKind: 'organisation',
        ownerId: profileOwner,
        kind: 'offer',
        type: 'technology',
        title: { de: `Angebot ${tag}` },
        sectors: ['25'],
        partner,
        status: 'published',
      };
    case 'event':
      return {
        title: { de: `Dialog ${tag}` },
        date: '2019-06-13',
        place: 'Cottbus',
        languages: ['de', 'pl'],
        organisingPartner: partner,
        participantCount: 12,
      };
  }
}

function updateBody(entity: Entity, n: number): Record<string, unknown> {
  switch (entity) {
    case 'cluster':
      return { website: `https://v${n}.example.eu` };
    case 'organisation':
      // An SME: fewer than 250 people.
      return { employees: 1 + (n % 200) };
    case 'evaluation':
      return { strengths: `Stärke ${n}` };
    case 'profile':
      return { keywords: [`k${n}`] };
    case 'event':
      return { participantCount: n };
    default:
      throw new Error(`${entity} has no update`);
  }
}

function ruleFor(entity: Entity, action: Action, caller: Caller, partner: Partner | null): Rule {
  const cell = ACCESS[entity][action]![caller.role];
  const own = partner === null || partner === caller.partner;
  return cell[own ? 0 : 1];
}

/** Whoever a consulting request is assigned to may see and work on it, whatever their partner. */
const requestRule = (action: Action, caller: Caller, rec: Rec): Rule =>
  rec.assigneeId === caller.principal.id && caller.role !== 'viewer' ? 'yes' : ruleFor('request', action, caller, rec.partner);

/**
 * The answers the model accepts. The route refuses a role before it looks at the record; a
 * missing record, and one the caller may not know of, is a 404; then, when several rules refuse
 * (no right to it, a workflow state that forbids it, a stale ETag), any one of their answers is
 * right: what must never happen is a success or a hint that a hidden record exists.
 */
function expected(
  rule: Rule,
  r: { missing: boolean; conflict?: boolean; stale?: boolean; alsoForbidden?: boolean; unprocessable?: boolean },
  success: number,
): number[] {
  if (rule === 'route') return [403];
  if (r.missing || rule === 'hidden') return [404];
  const refusals = [
    ...(rule === 'no' || r.alsoForbidden ? [403] : []),
    ...(r.conflict ? [409] : []),
    ...(r.stale ? [412] : []),
    ...(r.unprocessable ? [422] : []),
  ];
  return refusals.length ? refusals : [success];
}

function verify(what: string, res: LightMyRequestResponse, allowed: number[], entity?: Entity) {
  executed++;
  const key = `${what.split('(')[0]} ${res.statusCode}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  if (!allowed.includes(res.statusCode)) {
    throw new Error(`${what}: expected ${allowed.join(' or ')}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
  }
  // A record the caller may not know of looks exactly like one that does not exist.
  if (res.statusCode === 404 && entity && json<{ code: string }>(res).code !== NOT_FOUND[entity]) {
    throw new Error(`${what}: a 404 should say ${NOT_FOUND[entity]}: ${res.body.slice(0, 300)}`);
  }
}

const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length ? items[index % items.length] : undefined);
const recordsOf = (m: Readonly<Model>, entity: Entity) => m.records.filter((r) => r.entity === entity);
const updatable = (m: Readonly<Model>) => m.records.filter((r) => UPDATABLE.includes(r.entity));
/** Records an administrator can change now: not deleted, not in review or approved. */
const changeable = (m: Readonly<Model>) => updatable(m).filter((r) => !r.deleted && r.status !== 'submitted' && r.status !== 'approved');
const etag = (version: number) => `"v${version}"`;

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly entity: Entity,
    readonly caller: Caller,
    readonly partner: Partner,
  ) {}
  check = () => true;
  async run(m: Model) {
    const tag = `${m.run}-${m.records.length}`;
    const url = this.entity === 'organisation' ? `${PATHS.organisation}?confirmDistinct=true` : PATHS[this.entity];
    const res = await this.caller.principal.inject({ method: 'POST', url, payload: createBody(this.entity, this.partner, tag) });
    const owner = this.entity === 'organisation' ? null : this.partner;
    verify(String(this), res, expected(ruleFor(this.entity, 'create', this.caller, owner), { missing: false }, 201));
    if (res.statusCode !== 201) return;
    const body = json<{ id: string; version?: number; status?: string }>(res);
    const rec: Rec = { entity: this.entity, id: body.id, partner: owner, version: 1, deleted: false };
    if (this.entity === 'request') Object.assign(rec, { status: 'new', assigneeId: null });
    if (this.entity === 'evaluation') Object.assign(rec, { status: 'draft', contributors: new Set([this.caller.principal.id]) });
    m.records.push(rec);
  }
  toString = () => `Create(${this.entity}, ${this.caller.name}, ${this.partner})`;
}

class Read implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.records.length > 0;
  async run(m: Model) {
    const rec = pick(m.records, this.index)!;
    const res = await this.caller.principal.inject({ method: 'GET', url: `${PATHS[rec.entity]}/${rec.id}` });
    const rule = rec.entity === 'request' ? requestRule('read', this.caller, rec) : ruleFor(rec.entity, 'read', this.caller, rec.partner);
    verify(`${String(this)} of ${about(rec)}`, res, expected(rule, { missing: rec.deleted }, 200), rec.entity);
    if (res.statusCode !== 200) return;
    const body = json<{ status?: string; partner?: string; organisingPartner?: string; assigneeId?: string | null }>(res);
    const mismatch = (what: string, got: unknown, want: unknown) => {
      throw new Error(`${String(this)}: ${what} should be ${String(want)}, got ${String(got)}`);
    };
    if (res.headers.etag !== etag(rec.version)) mismatch('the ETag', res.headers.etag, etag(rec.version));
    if (rec.status !== undefined && body.status !== rec.status) mismatch('the status', body.status, rec.status);
    const partner = rec.entity === 'event' ? body.organisingPartner : body.partner;
    if (rec.partner !== null && partner !== rec.partner) mismatch('the partner', partner, rec.partner);
    if (rec.assigneeId !== undefined && body.assigneeId !== rec.assigneeId) mismatch('the assignee', body.assigneeId, rec.assigneeId);
  }
  toString = () => `Read(${this.caller.name}, #${this.index})`;
}

const about = (rec: Rec) =>
  `a ${rec.deleted ? 'deleted ' : ''}${rec.status ? `${rec.status} ` : ''}${rec.entity} of ${rec.partner ?? 'no partner'} v${rec.version}`;

class Update implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => updatable(m).length > 0;
  async run(m: Model) {
    const rec = pick(updatable(m), this.index)!;
    const entity = rec.entity;
    const res = await this.caller.principal.inject({
      method: 'PATCH',
      url: `${PATHS[entity]}/${rec.id}`,
      headers: { 'if-match': etag(this.stale ? rec.version - 1 : rec.version) },
      payload: updateBody(entity, rec.version + 1),
    });
    const rule = ruleFor(entity, 'update', this.caller, rec.partner);
    const locked = entity === 'evaluation' && !['draft', 'returned'].includes(rec.status!);
    verify(
      `${String(this)} of ${about(rec)}`,
      res,
      expected(rule, { missing: rec.deleted, conflict: locked, stale: this.stale }, 200),
      entity,
    );
    if (res.statusCode !== 200) return;
    rec.version++;
    rec.contributors?.add(this.caller.principal.id);
    if (res.headers.etag !== etag(rec.version)) throw new Error(`${String(this)}: the new ETag should be ${etag(rec.version)}`);
  }
  toString = () => `Update(${this.caller.name}, #${this.index}, ${this.stale ? 'stale' : 'fresh'})`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => updatable(m).length > 0;
  async run(m: Model) {
    const rec = pick(updatable(m), this.index)!;
    const res = await this.caller.principal.inject({ method: 'DELETE', url: `${PATHS[rec.entity]}/${rec.id}` });
    const rule = ruleFor(rec.entity, 'delete', this.caller, rec.partner);
    // Only drafts that were never submitted may go.
    const kept = rec.entity === 'evaluation' && rec.status !== 'draft';
    verify(`${String(this)} of ${about(rec)}`, res, expected(rule, { missing: rec.deleted, conflict: kept }, 204), rec.entity);
    if (res.statusCode === 204) rec.deleted = true;
  }
  toString = () => `Delete(${this.caller.name}, #${this.index})`;
}

/** Two changes sent at once from the same ETag: exactly one wins, the other is told it is stale. */
class ConcurrentUpdates implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => changeable(m).length > 0;
  async run(m: Model) {
    const rec = pick(changeable(m), this.index)!;
    const admin = callers[0]!;
    const results = await Promise.all(
      [1, 2].map((n) =>
        admin.principal.inject({
          method: 'PATCH',
          url: `${PATHS[rec.entity]}/${rec.id}`,
          headers: { 'if-match': etag(rec.version) },
          payload: updateBody(rec.entity, 1000 + n),
        }),
      ),
    );
    executed++;
    const statuses = results.map((r) => r.statusCode).sort();
    if (statuses.join() !== '200,412') {
      throw new Error(
        `${String(this)}: exactly one should win, got ${statuses.join()} ${results.map((r) => r.body.slice(0, 600)).join(' | ')}`,
      );
    }
    rec.version++;
    rec.contributors?.add(admin.principal.id);
  }
  toString = () => `ConcurrentUpdates(#${this.index})`;
}

class MoveRequest implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
    readonly to: (typeof REQUEST_TARGETS)[number],
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => recordsOf(m, 'request').length > 0;
  async run(m: Model) {
    const rec = pick(recordsOf(m, 'request'), this.index)!;
    const payload =
      this.to === 'rejected'
        ? { to: this.to, reason: 'Nicht zuständig' }
        : this.to === 'resolved'
          ? { to: this.to, outcome: 'advice_given' }
          : { to: this.to };
    const res = await this.caller.principal.inject({
      method: 'POST',
      url: `${PATHS.request}/${rec.id}/transitions`,
      headers: { 'if-match': etag(this.stale ? rec.version - 1 : rec.version) },
      payload,
    });
    const rule = requestRule('transition', this.caller, rec);
    const conflict = !REQUEST_MOVES[rec.status!]!.includes(this.to);
    verify(`${String(this)} of ${about(rec)}`, res, expected(rule, { missing: false, conflict, stale: this.stale }, 200), 'request');
    if (res.statusCode !== 200) return;
    rec.status = this.to;
    rec.version++;
  }
  toString = () => `MoveRequest(${this.caller.name}, #${this.index}, → ${this.to}, ${this.stale ? 'stale' : 'fresh'})`;
}

/** Gives a request to a partner and one of its staff: it moves to that partner, and with it who may see it. */
class AssignRequest implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
    readonly assignee: Caller,
  ) {}
  check = (m: Readonly<Model>) => recordsOf(m, 'request').length > 0;
  async run(m: Model) {
    const rec = pick(recordsOf(m, 'request'), this.index)!;
    const res = await this.caller.principal.inject({
      method: 'POST',
      url: `${PATHS.request}/${rec.id}/assignment`,
      headers: { 'if-match': etag(rec.version) },
      payload: { partner: this.assignee.partner, assigneeId: this.assignee.principal.id },
    });
    const rule = requestRule('transition', this.caller, rec);
    // A viewer cannot be given a request: 422, once the caller may change it at all.
    const unprocessable = this.assignee.role === 'viewer';
    const conflict = !ASSIGNABLE.includes(rec.status!);
    verify(`${String(this)} of ${about(rec)}`, res, expected(rule, { missing: false, conflict, unprocessable }, 200), 'request');
    if (res.statusCode !== 200) return;
    if (rec.status === 'new') rec.status = 'assigned';
    rec.partner = this.assignee.partner;
    rec.assigneeId = this.assignee.principal.id;
    rec.version++;
  }
  toString = () => `AssignRequest(${this.caller.name}, #${this.index}, to ${this.assignee.name})`;
}

/** The list shows a caller exactly the requests of this run they may see. */
class ListRequests implements fc.AsyncCommand<Model, Real> {
  constructor(readonly caller: Caller) {}
  check = (m: Readonly<Model>) => recordsOf(m, 'request').length > 0;
  async run(m: Model) {
    const res = await this.caller.principal.inject({
      method: 'GET',
      url: `${PATHS.request}?q=${encodeURIComponent(`Ewa ${m.run}-`)}&limit=100`,
    });
    verify(String(this), res, [200]);
    const mine = new Set(recordsOf(m, 'request').map((r) => r.id));
    const got = json<{ items: { id: string }[] }>(res)
      .items.map((i) => i.id)
      .filter((id) => mine.has(id))
      .sort();
    const want = recordsOf(m, 'request')
      .filter((r) => requestRule('read', this.caller, r) === 'yes')
      .map((r) => r.id)
      .sort();
    if (got.join() !== want.join())
      throw new Error(`${String(this)}: should list ${want.length} requests [${want.join()}], got [${got.join()}]`);
  }
  toString = () => `ListRequests(${this.caller.name})`;
}

class StepEvaluation implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly caller: Caller,
    readonly index: number,
    readonly step: EvaluationStep,
    readonly stale: boolean,
  ) {}
  check = (m: Readonly<Model>) => recordsOf(m, 'evaluation').length > 0;
  async run(m: Model) {
    const rec = pick(recordsOf(m, 'evaluation'), this.index)!;
    const res = await this.caller.principal.inject({
      method: 'POST',
      url: `${PATHS.evaluation}/${rec.id}/${this.step}`,
      headers: { 'if-match': etag(this.stale ? rec.version - 1 : rec.version) },
      ...(this.step === 'return' ? { payload: { reason: 'Belege ergänzen' } } : {}),
    });
    const rule = ruleFor('evaluation', this.step === 'submit' ? 'transition' : 'approve', this.caller, rec.partner);
    // Four eyes: whoever wrote or scored it may not review it.
    const ownWork = this.step !== 'submit' && rec.contributors!.has(this.caller.principal.id);
    const conflict = !(EVALUATION_STEPS[this.step].from as readonly string[]).includes(rec.status!);
    verify(
      `${String(this)} of ${about(rec)}`,
      res,
      expected(rule, { missing: rec.deleted, conflict, stale: this.stale, alsoForbidden: ownWork }, 200),
      'evaluation',
    );
    if (res.statusCode !== 200) return;
    rec.status = EVALUATION_STEPS[this.step].to;
    rec.version++;
  }
  toString = () => `StepEvaluation(${this.caller.name}, #${this.index}, ${this.step}, ${this.stale ? 'stale' : 'fresh'})`;
}

describe('stateful fuzzing', () => {
  it('keeps every caller’s view consistent with the model through random sequences', async () => {
    const caller = fc.constantFrom(...callers);
    const partner = fc.constantFrom(...PARTNERS);
    const entity = fc.constantFrom(...ENTITIES);
    const index = fc.nat(100);
    const create = fc.tuple(entity, caller, partner).map(([e, c, p]) => new Create(e, c, p));
    const move = fc
      .tuple(caller, index, fc.constantFrom(...REQUEST_TARGETS), fc.boolean())
      .map(([c, i, to, s]) => new MoveRequest(c, i, to, s));
    const assign = fc.tuple(caller, index, caller).map(([c, i, a]) => new AssignRequest(c, i, a));
    const step = fc
      .tuple(caller, index, fc.constantFrom<EvaluationStep>('submit', 'approve', 'return'), fc.boolean())
      .map(([c, i, st, s]) => new StepEvaluation(c, i, st, s));
    // Repeated entries weigh more: records must exist before the other commands have work, and
    // the workflows need several steps in a row to go deep.
    const commands = [
      create,
      create,
      create,
      fc.tuple(caller, index).map(([c, i]) => new Read(c, i)),
      fc.tuple(caller, index, fc.boolean()).map(([c, i, s]) => new Update(c, i, s)),
      fc.tuple(caller, index).map(([c, i]) => new Delete(c, i)),
      index.map((i) => new ConcurrentUpdates(i)),
      move,
      move,
      assign,
      caller.map((c) => new ListRequests(c)),
      step,
      step,
      step,
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
        await fc.asyncModelRun(() => ({ model: { run: ++runs, records: [] }, real: {} }), cmds);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // A fuzzer that runs few commands proves little: make sure it did run, and reached success.
    if (process.env.FUZZ_VERBOSE) console.log(executed, [...outcomes].sort());
    expect(executed).toBeGreaterThanOrEqual(RUNS * 10);
    const succeeded = [...outcomes].filter(([k]) => / 20[014]$/.test(k)).map(([k]) => k.split(' ')[0]);
    expect(new Set(succeeded)).toEqual(
      new Set(['Create', 'Read', 'Update', 'Delete', 'MoveRequest', 'AssignRequest', 'ListRequests', 'StepEvaluation']),
    );
  }, 300_000);
});
