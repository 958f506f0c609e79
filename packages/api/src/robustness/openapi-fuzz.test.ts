import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import fc, { type Arbitrary } from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { API_SCOPES, ROLES, type ApiScope, type Role } from '@euregionet/shared';
import { queryRows } from '../db/client.js';
import { loadDemoDirectory } from '../demo/load.js';
import { SYSTEM_CONTEXT } from '../modules/auth/actor.js';
import { createSessions } from '../modules/auth/sessions.js';
import { csrfTokenOf } from '../modules/auth/tokens.js';
import { createApiKeyService } from '../modules/api-keys/api-keys.service.js';
import { createUserService } from '../modules/users/users.service.js';
import ICAL from 'ical.js';
import { createTestApp, json, TEST_PASSWORD, type TestApp } from '../test/app.js';
import * as records from '../test/records.js';
import { brandCriteriaBody } from '../test/brand.js';
import { arbitraryFor, resolve, type Components, type JsonSchema } from './schema-arbitrary.js';

/**
 * Property-based fuzzing of every operation of the OpenAPI document, as every kind of caller.
 *
 * Valid requests: what an honest client could send, built so that they can succeed (real ids of
 * the right kind, from fixtures made fresh for each change; the current ETag; a known-good body,
 * alone or under generated optional fields). Each answer must be declared, match its schema and
 * media type, never be a 5xx, and agree with the caller's rights (the literal table OPERATIONS):
 * a caller without the right gets 401/403 whatever they send. Every operation must succeed at
 * least once in a run, for every caller that has the right, except where EXPECTED_NEVER says why not.
 *
 * Invalid requests (as an administrator): a valid request with one thing wrong (wrong types,
 * missing and extra fields, out-of-range numbers, overlong and naughty strings, invalid UTF-8,
 * wrong content types): never a 5xx, always a declared, well-formed problem.
 *
 * In CI: FUZZ_RUNS (default 3) valid requests per operation and caller (the first is the
 * known-good one), twice as many invalid ones per operation, with a fixed seed. Locally, longer:
 *   FUZZ_RUNS=50 FUZZ_SEED=$RANDOM NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects api-pglite --testPathPatterns openapi-fuzz
 * (FUZZ_OPERATIONS=getCluster,updateCluster: only these). A failure prints the seed, the shrunk request and the answer.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const ONLY = process.env.FUZZ_OPERATIONS?.split(',');
const SEED = Number(process.env.FUZZ_SEED ?? 2017);

const NAUGHTY: string[] = createRequire(import.meta.url)('big-list-of-naughty-strings') as string[];

// ---- who may call what: written by hand from the documented rights, not read from the routes.
// The staff callers and the fixtures all belong to one partner (BIC); the stateful fuzz covers
// what differs between partners.

/** Every kind of caller: anonymous, each staff role, and a key of each scope. A new role or scope is fuzzed too. */
type Who = 'anonymous' | Role | `key ${ApiScope}`;
const WHO: readonly Who[] = ['anonymous', ...ROLES, ...API_SCOPES.map((scope) => `key ${scope}` as const)];

const EVERYONE: Who[] = [...WHO];
const STAFF: Who[] = ['viewer', 'consultant', 'coordinator', 'admin'];
const EDITORS: Who[] = ['consultant', 'coordinator', 'admin'];
const MANAGERS: Who[] = ['coordinator', 'admin'];
const ADMIN: Who[] = ['admin'];
const READERS: Who[] = [...STAFF, 'key read'];
const PORTAL: Who[] = ['key public:read'];

/** The fixtures a request is built from; each call makes a new record (staff of partner BIC). */
type Fixtures = records.TestRecords & { importRun(): Promise<string> };

interface Spec {
  /** Who may call it; anyone else gets 401 (anonymous) or 403 whatever they send. */
  who: Who[];
  /** Callers with the right whom a rule on the record or the input may still refuse (403), and why. */
  mayRefuse?: { who: Who[]; why: string };
  /** Path parameters of real records. */
  params?: (f: Fixtures) => Promise<Record<string, string>>;
  /** Query parameters a successful request needs. */
  query?: (f: Fixtures) => Promise<Record<string, string>> | Record<string, string>;
  /** A body that succeeds; generated bodies lie under it or stand alone. */
  body?: (f: Fixtures) => Promise<unknown> | unknown;
  /** A body in another media type. */
  raw?: { contentType: string; payload: string };
  /** Headers a successful request needs, from the path parameters of its records. */
  headers?: (params: Record<string, string>) => Record<string, string>;
  /** The call ends the caller's session or changes their password: a new staff member makes it. */
  freshCaller?: boolean;
}

const PARTNER_RULE = {
  who: ['consultant'] as Who[],
  why: 'a consultant changes only the records of their own partner; a generated body may name another one',
};
const ADMIN_ONLY_FILTER = {
  who: ['viewer', 'consultant', 'coordinator', 'key read'] as Who[],
  why: '`deleted=true` lists deleted records, for administrators only',
};

const LABEL = 'Fuzz';
const IMPORT_CSV = 'source,externalId,name,type,country\nfuzz,1,Fuzz Import GmbH,sme,DE\n';
const publicationBody = () => ({ kind: 'news', title: { pl: `Fuzz ${records.uniqueSuffix()}` }, partner: 'BIC' });
const UPLOAD_BOUNDARY = 'fuzz-boundary';
const UPLOAD = `--${UPLOAD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.txt"\r\nContent-Type: text/plain\r\n\r\nFuzz\r\n--${UPLOAD_BOUNDARY}--\r\n`;

/** The meeting whose event a request's path names, for a body that must name its participants. */
let lastMeeting: Awaited<ReturnType<Fixtures['eventMeeting']>> | undefined;
// The digest subscription whose organisation the path names; a new one names its second contact.
let lastDigest: Awaited<ReturnType<Fixtures['digestSubscription']>> | undefined;

const OPERATIONS: Record<string, Spec> = {
  live: { who: EVERYONE },
  ready: { who: EVERYONE },
  login: { who: EVERYONE, body: () => ({ email: LOGIN_EMAIL, password: TEST_PASSWORD }) },
  logout: { who: STAFF, freshCaller: true },
  getSession: { who: STAFF },
  updateOwnAccount: { who: STAFF, body: () => ({ language: 'pl' }) },
  changeOwnPassword: {
    who: STAFF,
    freshCaller: true,
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'Ein ganz neues Passwort für den Fuzzer' }),
  },
  listUsers: { who: STAFF },
  createUser: {
    who: ADMIN,
    body: () => ({
      email: `new.${records.uniqueSuffix()}@example.eu`,
      name: 'Neu',
      partner: 'CIT',
      role: 'viewer',
      password: TEST_PASSWORD,
    }),
  },
  getUser: { who: STAFF, params: async (f) => ({ id: await f.user() }) },
  updateUser: { who: ADMIN, params: async (f) => ({ id: await f.user() }), body: () => ({ name: 'Umbenannt' }) },
  resetUserPassword: { who: ADMIN, params: async (f) => ({ id: await f.user() }), body: () => ({ password: 'Ein neues langes Passwort' }) },
  listApiKeys: { who: ADMIN },
  createApiKey: { who: ADMIN, body: () => ({ name: 'Fuzz', partner: 'BIC', scopes: ['read'] }) },
  getApiKey: { who: ADMIN, params: async (f) => ({ id: await f.apiKey() }) },
  revokeApiKey: { who: ADMIN, params: async (f) => ({ id: await f.apiKey() }) },
  listWebhookEndpoints: { who: ADMIN, params: async (f) => ({ id: await f.apiKey() }) },
  createWebhookEndpoint: {
    who: ADMIN,
    params: async (f) => ({ id: await f.apiKey() }),
    body: () => ({ url: 'https://hooks.portal.example.pl/euregionet', events: ['cluster.published'] }),
  },
  deleteWebhookEndpoint: {
    who: ADMIN,
    params: async (f) => {
      const e = await f.webhookEndpoint();
      return { id: e.apiKeyId, endpointId: e.id };
    },
  },
  listWebhookDeliveries: {
    who: ADMIN,
    params: async (f) => {
      const e = await f.webhookEndpoint();
      return { id: e.apiKeyId, endpointId: e.id };
    },
  },
  sendWebhookTest: {
    who: ADMIN,
    params: async (f) => {
      const e = await f.webhookEndpoint();
      return { id: e.apiKeyId, endpointId: e.id };
    },
  },
  listPublicChanges: { who: PORTAL },
  listAuditLog: { who: MANAGERS },
  listClusters: { who: READERS, mayRefuse: ADMIN_ONLY_FILTER },
  createCluster: { who: EDITORS, mayRefuse: PARTNER_RULE, body: () => records.clusterBody(LABEL) },
  getCluster: { who: READERS, params: async (f) => ({ id: (await f.cluster()).id }) },
  updateCluster: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: (await f.cluster()).id }),
    body: () => ({ published: true }),
  },
  deleteCluster: { who: MANAGERS, params: async (f) => ({ id: (await f.cluster()).id }) },
  restoreCluster: { who: ADMIN, params: async (f) => ({ id: (await f.cluster({ deleted: true })).id }) },
  submitConsultingRequest: { who: ['key requests:create'], body: () => records.intakeBody(LABEL) },
  // Without a partner in the body, a consultant takes it in for their own partner.
  createConsultingRequest: { who: EDITORS, mayRefuse: PARTNER_RULE, body: () => records.intakeBody(LABEL) },
  listConsultingRequests: { who: STAFF },
  countConsultingRequests: { who: STAFF },
  // The fixture is a request of the callers' own partner (BIC): every staff member may read it.
  getConsultingRequest: { who: STAFF, params: async (f) => ({ id: await f.consultingRequest() }) },
  suggestConsultingAssignment: { who: EDITORS, params: async (f) => ({ id: await f.consultingRequest() }) },
  assignConsultingRequest: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: () => ({ partner: 'BIC', assigneeId: consultantId }),
  },
  transitionConsultingRequest: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: () => ({ to: 'rejected', reason: 'Fuzz' }),
  },
  addConsultingComment: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: () => ({ kind: 'note', body: 'Fuzz' }),
  },
  exportPersonalData: { who: MANAGERS, body: () => ({ email: 'fuzz@example.eu' }) },
  erasePersonalData: { who: MANAGERS, body: () => ({ email: 'fuzz@example.eu' }) },
  // The token exists only in the requester's e-mail; it rides along with the path parameters.
  getConsultingRequestStatus: {
    who: ['key public:read', 'key requests:create'],
    params: async (f) => {
      const id = await f.consultingRequest();
      const [mail] = await queryRows<{ body: string; reference: string }>(
        t.database.db,
        sql`SELECT m.body, r.reference FROM outbox_messages m JOIN consulting_requests r ON r.id = m.source_id WHERE m.source_id = ${id}`,
      );
      return { reference: mail!.reference, token: /\/status\/([A-Za-z0-9_-]{43})/.exec(mail!.body)![1]! };
    },
    headers: (params) => ({ 'x-status-token': params.token! }),
  },
  revokeConsultingStatusLinks: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: () => ({ sendNewLink: true }),
  },
  shareConsultingFiles: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: () => ({ fileIds: [] }),
  },
  getConsultingSettings: { who: STAFF },
  previewConsultingStatus: { who: STAFF, params: async (f) => ({ id: await f.consultingRequest() }) },
  listAnswerTemplates: { who: STAFF },
  getAnswerTemplate: { who: STAFF, params: async (f) => ({ id: await f.answerTemplate() }) },
  createAnswerTemplate: {
    who: MANAGERS,
    mayRefuse: { who: ['coordinator'], why: 'a coordinator writes only their own partner’s templates; a generated body may name another' },
    body: () => ({ partner: 'BIC', topic: 'funding', title: { de: 'Fuzz' }, body: { de: 'Guten Tag {{name}}' } }),
  },
  updateAnswerTemplate: { who: MANAGERS, params: async (f) => ({ id: await f.answerTemplate() }), body: () => ({ title: { de: 'Fuzz' } }) },
  deleteAnswerTemplate: { who: MANAGERS, params: async (f) => ({ id: await f.answerTemplate() }) },
  draftConsultingAnswer: {
    who: EDITORS,
    params: async (f) => ({ id: await f.consultingRequest() }),
    body: async (f) => ({ templateId: await f.answerTemplate() }),
  },
  listPartnerMailboxes: { who: STAFF },
  setPartnerMailbox: {
    who: MANAGERS,
    // The settings have no GET of their own, so the request carries the stand-in ETag "v1": the
    // row is put back to that version before each request, or only the first one could succeed.
    params: async () => {
      await t.database.db.execute(
        sql`INSERT INTO partner_mailboxes (partner, version) VALUES ('BIC', 1) ON CONFLICT (partner) DO UPDATE SET version = 1`,
      );
      return { partner: 'BIC' };
    },
    body: () => ({ replyTo: 'beratung@bic.example.eu' }),
  },
  listOutboxMessages: { who: MANAGERS },
  listOrganisations: { who: READERS, mayRefuse: ADMIN_ONLY_FILTER },
  createOrganisation: { who: EDITORS, query: () => ({ confirmDistinct: 'true' }), body: () => records.organisationBody(LABEL) },
  getOrganisation: { who: READERS, params: async (f) => ({ id: await f.organisation() }) },
  listDigestSubscriptions: { who: STAFF, params: async (f) => ({ id: (await f.digestSubscription()).organisationId }) },
  createDigestSubscription: {
    who: EDITORS,
    params: async (f) => {
      lastDigest = await f.digestSubscription();
      return { id: lastDigest.organisationId };
    },
    body: () => ({ email: lastDigest!.freeEmail, language: 'pl', consentSource: 'phone call' }),
  },
  getDigestSubscription: { who: STAFF, params: async (f) => ({ id: (await f.digestSubscription()).id }) },
  updateDigestSubscription: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.digestSubscription()).id }),
    body: () => ({ frequency: 'weekly' }),
  },
  updateOrganisation: { who: EDITORS, params: async (f) => ({ id: await f.organisation() }), body: () => ({ employees: 12 }) },
  deleteOrganisation: { who: MANAGERS, params: async (f) => ({ id: await f.organisation() }) },
  restoreOrganisation: { who: ADMIN, params: async (f) => ({ id: await f.organisation({ deleted: true }) }) },
  putClusterMember: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.cluster()).id, organisationId: await f.organisation() }),
    body: () => ({ role: 'member' }),
  },
  deleteClusterMember: { who: EDITORS, params: (f) => f.membership() },
  searchDirectory: { who: READERS },
  getTaxonomy: { who: [...READERS, 'key public:read'] },
  listPublicClusters: { who: PORTAL },
  getPublicClusterFacets: { who: PORTAL },
  getPublicClusterMap: { who: PORTAL },
  getMapSettings: { who: STAFF },
  getPublicCluster: { who: PORTAL, params: async (f) => ({ slug: (await f.cluster({ published: true, brand: true })).slug }) },
  // Embedded in portals with a plain <img>: no key, anyone.
  getPublicClusterBadge: { who: EVERYONE, params: async (f) => ({ slug: (await f.cluster({ published: true, brand: true })).slug }) },
  getPublicTaxonomy: { who: PORTAL },
  listPublicOpportunities: { who: PORTAL },
  getPublicOpportunity: { who: PORTAL, params: async (f) => ({ id: await f.profile() }) },
  expressInterestInOpportunity: {
    who: ['key requests:create'],
    params: async (f) => ({ id: await f.profile() }),
    body: () => records.interestBody(LABEL),
  },
  proposeMatchFromInterest: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: await f.interestRequest() }),
    body: () => ({}),
  },
  listPublicFundingCalls: { who: PORTAL },
  getPublicFundingCall: { who: PORTAL, params: async (f) => ({ slug: (await f.fundingCall()).slug }) },
  listEvaluationFrameworks: { who: READERS },
  createEvaluationFramework: { who: ADMIN, body: () => records.frameworkBody(`fuzz-${records.uniqueSuffix()}`, 'Fuzz framework') },
  getEvaluationFramework: { who: READERS, params: async (f) => ({ id: await f.draftFramework() }) },
  updateEvaluationFramework: {
    who: ADMIN,
    params: async (f) => ({ id: await f.draftFramework() }),
    body: () => ({ name: { en: 'Renamed' } }),
  },
  deleteEvaluationFramework: { who: ADMIN, params: async (f) => ({ id: await f.draftFramework() }) },
  createEvaluationFrameworkVersion: { who: ADMIN, params: async (f) => ({ id: await f.publishedFramework() }) },
  publishEvaluationFramework: { who: ADMIN, params: async (f) => ({ id: await f.draftFramework() }) },
  listEvaluations: { who: STAFF },
  createEvaluation: {
    who: EDITORS,
    body: async (f) => ({
      clusterId: (await f.cluster()).id,
      frameworkId: await f.publishedFramework(),
      answers: { 'only.one': { score: 1 } },
    }),
  },
  getEvaluationProgress: { who: READERS },
  getEvaluation: { who: STAFF, params: async (f) => ({ id: await f.evaluation() }) },
  updateEvaluation: {
    who: EDITORS,
    params: async (f) => ({ id: await f.evaluation() }),
    body: () => ({ strengths: 'Strong research base' }),
  },
  deleteEvaluation: { who: EDITORS, params: async (f) => ({ id: await f.evaluation() }) },
  submitEvaluation: { who: EDITORS, params: async (f) => ({ id: await f.evaluation() }) },
  // The fixture's author is another consultant, so four eyes block none of these reviewers.
  approveEvaluation: { who: MANAGERS, params: async (f) => ({ id: await f.evaluation('submitted') }) },
  returnEvaluation: {
    who: MANAGERS,
    params: async (f) => ({ id: await f.evaluation('submitted') }),
    body: () => ({ reason: 'Add the evidence' }),
  },
  getEvaluationComparison: { who: STAFF, params: async (f) => ({ id: await f.evaluation() }) },
  listEvaluationShares: { who: STAFF, params: async (f) => ({ id: await f.evaluation('approved') }) },
  createEvaluationShare: {
    who: EDITORS,
    params: async (f) => ({ id: await f.evaluation('approved') }),
    body: () => ({ language: 'pl', days: 30 }),
  },
  revokeEvaluationShare: {
    who: EDITORS,
    params: async (f) => {
      const { evaluationId, shareId } = await f.evaluationShare();
      return { id: evaluationId, shareId };
    },
  },
  getEvaluationFollowUp: { who: STAFF, params: async (f) => ({ id: await f.evaluation('approved') }) },
  setActionItemStatus: {
    who: EDITORS,
    params: async (f) => ({ id: await f.evaluation('approved'), index: '0' }),
    body: () => ({ status: 'done' }),
  },
  listFundingCalls: { who: READERS },
  createFundingCall: { who: EDITORS, mayRefuse: PARTNER_RULE, body: () => records.fundingCallBody(LABEL) },
  // A staff member's own: keys have no user to remind.
  listFundingCallReminders: { who: STAFF },
  getHome: { who: STAFF },
  getFundingCall: { who: READERS, params: async (f) => ({ id: (await f.fundingCall()).id }) },
  updateFundingCall: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: (await f.fundingCall()).id }),
    body: () => ({ fundingRatePercent: 60 }),
  },
  deleteFundingCall: { who: EDITORS, params: async (f) => ({ id: (await f.fundingCall()).id }) },
  listFundingCallClusterMatches: { who: READERS, params: async (f) => ({ id: (await f.fundingCall()).id }) },
  listClusterFundingMatches: { who: READERS, params: async (f) => ({ id: (await f.cluster()).id }) },
  listFollowedClusters: { who: STAFF },
  followCluster: { who: STAFF, params: async (f) => ({ id: (await f.cluster()).id }) },
  unfollowCluster: { who: STAFF, params: async (f) => ({ id: (await f.cluster()).id }) },
  listDialogueEvents: { who: READERS },
  createDialogueEvent: { who: EDITORS, mayRefuse: PARTNER_RULE, body: () => records.eventBody(LABEL) },
  getDialogueEvent: { who: READERS, params: async (f) => ({ id: await f.dialogueEvent() }) },
  updateDialogueEvent: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: await f.dialogueEvent() }),
    body: () => ({ participantCount: 14 }),
  },
  deleteDialogueEvent: { who: EDITORS, params: async (f) => ({ id: await f.dialogueEvent() }) },
  transitionDialogueEvent: {
    who: EDITORS,
    params: async (f) => ({ id: await f.dialogueEvent() }),
    body: () => ({ status: 'published' }),
  },
  listEventRegistrations: { who: EDITORS, params: async (f) => ({ id: (await f.publishedEvent()).id }) },
  createEventRegistration: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.publishedEvent()).id }),
    body: () => records.registrationBody(LABEL),
  },
  cancelEventRegistration: {
    who: EDITORS,
    params: async (f) => {
      const r = await f.eventRegistration();
      return { id: r.eventId, registrationId: r.registrationId };
    },
  },
  checkInEventRegistration: {
    who: EDITORS,
    params: async (f) => {
      const r = await f.eventRegistration();
      return { id: r.eventId, registrationId: r.registrationId };
    },
    body: () => ({ present: true }),
  },
  getEventAttendance: { who: READERS, params: async (f) => ({ id: await f.dialogueEvent() }) },
  listPublicEvents: { who: PORTAL },
  getPublicEvent: { who: PORTAL, params: async (f) => ({ slug: (await f.publishedEvent()).slug }) },
  registerForPublicEvent: {
    who: ['key registrations:create'],
    params: async (f) => ({ slug: (await f.publishedEvent()).slug }),
    body: () => records.registrationBody(LABEL),
  },
  showEventRegistrationCancellation: { who: EVERYONE, query: async (f) => ({ token: (await f.eventRegistration()).token }) },
  cancelEventRegistrationByLink: { who: EVERYONE, query: async (f) => ({ token: (await f.eventRegistration()).token }) },
  getEventCalendarFeed: { who: EVERYONE, params: () => Promise.resolve({ lang: 'pl' }) },
  previewEventInvitations: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.publishedEvent()).id }),
    body: () => ({ countries: ['PL'] }),
  },
  sendEventInvitations: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.publishedEvent()).id }),
    body: () => ({ clusterIds: ['00000000-0000-4000-8000-000000000000'] }),
  },
  listEventInvitations: { who: EDITORS, params: async (f) => ({ id: (await f.eventInvitation()).eventId }) },
  showEventInvitationRegistration: { who: EVERYONE, query: async (f) => ({ token: (await f.eventInvitation()).token }) },
  registerByEventInvitation: {
    who: EVERYONE,
    query: async (f) => ({ token: (await f.eventInvitation()).token }),
    raw: { contentType: 'application/x-www-form-urlencoded', payload: 'name=Fuzz&country=PL&language=pl&consent=on' },
  },
  // One-to-one meetings: staff help participants; the participants themselves send the token of their e-mail.
  getEventMeetingBoard: { who: EDITORS, params: async (f) => ({ id: (await f.eventMeeting()).eventId }) },
  setEventMeetingPlan: {
    who: EDITORS,
    params: async (f) => ({ id: (await f.publishedEvent()).id }),
    body: () => ({ date: '2026-09-01', startTime: '10:00', endTime: '12:00', slotMinutes: 30, tables: 4 }),
  },
  requestEventMeeting: {
    who: EDITORS,
    params: async (f) => {
      lastMeeting = await f.eventMeeting();
      return { id: lastMeeting.eventId };
    },
    // The body names participants of the same event as the path: those of the meeting made just before.
    body: () => ({ requesterId: lastMeeting!.third.id, inviteeId: lastMeeting!.invitee.id }),
  },
  answerEventMeeting: {
    who: EDITORS,
    params: async (f) => {
      const m = await f.eventMeeting();
      return { id: m.eventId, meetingId: m.meetingId };
    },
    body: () => ({ accept: true }),
  },
  suggestEventMeetings: {
    who: EDITORS,
    params: async (f) => {
      lastMeeting = await f.eventMeeting();
      return { id: lastMeeting.eventId };
    },
    query: () => ({ for: lastMeeting!.requester.id }),
  },
  matchFromEventMeeting: {
    who: EDITORS,
    params: async (f) => {
      const m = await f.heldMeeting();
      return { id: m.eventId, meetingId: m.meetingId };
    },
  },
  getOwnEventMeetings: {
    who: EVERYONE,
    params: async (f) => ({ token: (await f.eventMeeting()).requester.token }),
    headers: (params) => ({ 'x-registration-token': params.token! }),
  },
  getOwnEventMeetingSuggestions: {
    who: EVERYONE,
    params: async (f) => ({ token: (await f.eventMeeting()).requester.token }),
    headers: (params) => ({ 'x-registration-token': params.token! }),
  },
  setOwnMeetingProfile: {
    who: EVERYONE,
    params: async (f) => ({ token: (await f.eventMeeting()).third.token }),
    headers: (params) => ({ 'x-registration-token': params.token! }),
    body: () => ({ profile: 'Fuzz' }),
  },
  requestOwnEventMeeting: {
    who: EVERYONE,
    params: async (f) => {
      lastMeeting = await f.eventMeeting();
      return { token: lastMeeting.third.token };
    },
    headers: (params) => ({ 'x-registration-token': params.token! }),
    body: () => ({ withId: lastMeeting!.requester.id }),
  },
  answerOwnEventMeeting: {
    who: EVERYONE,
    params: async (f) => {
      const m = await f.eventMeeting();
      return { token: m.invitee.token, meetingId: m.meetingId };
    },
    headers: (params) => ({ 'x-registration-token': params.token! }),
    body: () => ({ accept: false }),
  },
  getEventCalendarFile: { who: EVERYONE, params: async (f) => ({ lang: 'de', file: `${(await f.publishedEvent()).slug}.ics` }) },
  listProfiles: { who: READERS },
  createProfile: { who: EDITORS, mayRefuse: PARTNER_RULE, body: async (f) => records.profileBody(LABEL, await f.organisation()) },
  getProfile: { who: READERS, params: async (f) => ({ id: await f.profile() }) },
  updateProfile: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: await f.profile() }),
    body: () => ({ keywords: ['fuzz'] }),
  },
  deleteProfile: { who: EDITORS, params: async (f) => ({ id: await f.profile() }) },
  listMatchCandidates: { who: READERS, query: async (f) => ({ for: await f.profile() }) },
  getMatchWeights: { who: READERS },
  setMatchWeights: {
    who: ADMIN,
    body: () => ({ complementarity: 35, sector: 20, ris3: 10, crossBorder: 15, language: 10, orgType: 10 }),
  },
  listMatches: { who: READERS },
  countMatches: { who: READERS },
  getMatch: { who: READERS, params: async (f) => ({ id: await f.match() }) },
  proposeMatch: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    body: async (f) => ({
      parties: [
        { kind: 'organisation', id: await f.organisation() },
        { kind: 'organisation', id: await f.organisation() },
      ],
      partner: 'BIC',
    }),
  },
  updateMatch: { who: EDITORS, mayRefuse: PARTNER_RULE, params: async (f) => ({ id: await f.match() }), body: () => ({ note: 'Fuzz' }) },
  moveMatch: { who: EDITORS, params: async (f) => ({ id: await f.match() }), body: () => ({ to: 'introduced' }) },
  getProjectIndicators: { who: READERS },
  exportProjectIndicators: { who: READERS, query: () => ({ from: '2017-04-01', to: '2020-03-31' }) },
  listInternationalisationMeasures: { who: READERS },
  createInternationalisationMeasure: {
    who: EDITORS,
    body: async (f) => ({ clusterId: (await f.cluster()).id, kind: 'networking', date: '2019-02-01', description: 'Fuzz' }),
  },
  deleteInternationalisationMeasure: { who: EDITORS, params: async (f) => ({ id: await f.measure() }) },
  importRecords: {
    who: [...EDITORS, 'key import:write'],
    params: () => Promise.resolve({ entity: 'organisations' }),
    query: () => ({ dryRun: 'true' }),
    raw: { contentType: 'text/csv', payload: IMPORT_CSV },
  },
  listImports: { who: [...STAFF, 'key import:write'] },
  getImport: { who: [...STAFF, 'key import:write'], params: async (f) => ({ id: await f.importRun() }) },
  exportOrganisations: { who: READERS, mayRefuse: ADMIN_ONLY_FILTER },
  exportClusters: { who: READERS, mayRefuse: ADMIN_ONLY_FILTER },
  exportFundingCalls: { who: READERS },
  listPublications: { who: READERS },
  createPublication: { who: EDITORS, mayRefuse: PARTNER_RULE, body: publicationBody },
  previewPublicationBody: { who: EDITORS, body: () => ({ markdown: '**Fuzz** <script>x</script>' }) },
  getPublication: { who: READERS, params: async (f) => ({ id: (await f.publication()).id }) },
  updatePublication: {
    who: EDITORS,
    mayRefuse: PARTNER_RULE,
    params: async (f) => ({ id: (await f.publication()).id }),
    body: () => ({ kind: 'guide' }),
  },
  transitionPublication: { who: EDITORS, params: async (f) => ({ id: (await f.publication()).id }), body: () => ({ to: 'published' }) },
  deletePublication: { who: EDITORS, params: async (f) => ({ id: (await f.publication()).id }) },
  listPublicPublications: { who: PORTAL },
  getPublicPublication: { who: PORTAL, params: async (f) => ({ slug: (await f.publication(true)).slug }) },
  publicationsFeed: { who: EVERYONE, params: () => Promise.resolve({ lang: 'pl' }) },
  fundingCallsFeed: { who: EVERYONE, params: () => Promise.resolve({ lang: 'de' }) },
  uploadFile: {
    who: EDITORS,
    query: async (f) => ({ ownerType: 'publication', ownerId: (await f.publication()).id }),
    raw: { contentType: `multipart/form-data; boundary=${UPLOAD_BOUNDARY}`, payload: UPLOAD },
  },
  listFiles: { who: READERS, query: async (f) => ({ ownerType: 'publication', ownerId: (await f.publication()).id }) },
  // Open routes: the record decides; a published publication's file is anyone's.
  downloadFile: { who: EVERYONE, params: async (f) => ({ id: await f.publishedFile() }) },
  downloadFileThumbnail: { who: EVERYONE, params: async (f) => ({ id: await f.publishedFile() }) },
  deleteFile: { who: EDITORS, params: async (f) => ({ id: await f.publishedFile() }) },
  getBrandKey: { who: EVERYONE },
  getBrandKeySet: { who: EVERYONE },
  listBrandCriteria: { who: STAFF },
  createBrandCriteria: {
    who: MANAGERS,
    body: async (f) => {
      await f.brandPublished();
      return brandCriteriaBody;
    },
  },
  getBrandCriteria: { who: STAFF, params: async (f) => ({ id: await f.brandDraft() }) },
  updateBrandCriteria: { who: MANAGERS, params: async (f) => ({ id: await f.brandDraft() }), body: () => ({ validityMonths: 36 }) },
  publishBrandCriteria: { who: MANAGERS, params: async (f) => ({ id: await f.brandDraft() }) },
  checkBrand: {
    who: STAFF,
    query: async (f) => {
      await f.brandPublished();
      return { clusterId: (await f.cluster()).id };
    },
  },
  listBrandApplications: { who: STAFF },
  createBrandApplication: {
    who: EDITORS,
    body: async (f) => {
      await f.brandPublished();
      return { clusterId: (await f.cluster()).id };
    },
  },
  getBrandApplication: { who: STAFF, params: async (f) => ({ id: await f.brandApplication() }) },
  // The fixture's application is LOP's: BIC's coordinator and administrator decide it.
  decideBrandApplication: {
    who: MANAGERS,
    params: async (f) => ({ id: await f.brandApplication() }),
    body: () => ({ decision: 'reject', reason: 'Fuzz' }),
  },
  listBrandAwards: { who: STAFF },
  getBrandAward: { who: STAFF, params: async (f) => ({ id: (await f.brandAward()).id }) },
  changeBrandAward: {
    who: MANAGERS,
    params: async (f) => ({ id: (await f.brandAward()).id }),
    body: () => ({ action: 'suspend', reason: 'Fuzz' }),
  },
  getBrandFigures: { who: READERS },
  listBrandHolders: { who: PORTAL },
  verifyBrand: {
    who: EVERYONE,
    params: async (f) => ({ ref: (await f.brandAward()).certificate }),
  },
  getBrandBadge: {
    who: EVERYONE,
    params: async (f) => ({ ref: (await f.brandAward()).certificate }),
  },
  getBrandAssets: { who: EVERYONE },
};

/**
 * Callers with the right who never get a success here, and why. Anything else that never
 * succeeds in a run fails the test: a route that always refuses proves nothing by being fuzzed.
 */
const EXPECTED_NEVER: Record<string, { who: Who[]; why: string }> = {
  getImport: {
    who: ['key import:write'],
    why: 'a key sees only its own imports (others are a 404 to it); the fixture is an administrator’s',
  },
};

// ---- the document and the app

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Components };
}
interface Call {
  method: string;
  path: string;
  op: Operation;
}

let t: TestApp;
let doc: Doc;
let calls: Call[] = [];
let fuzzed: Call[] = [];
const LOGIN_EMAIL = 'fuzz.login@example.eu';
let consultantId: string;
const users = new Map<Who, { id: string; role: Role }>();
const keys = new Map<Who, string>();
let fixtures: Fixtures;
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats.default(ajv);

// Slow on a busy machine: the demo data, and a staff member per role (password hashing).
beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 10_000_000, events: { registrationsPerAddressPerHour: 10_000_000 } });
  await loadDemoDirectory(t.database.db);
  doc = json<Doc>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  calls = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
  fuzzed = calls.filter((c) => !ONLY || ONLY.includes(c.op.operationId));
  for (const role of ROLES) {
    users.set(role, { id: (await t.staff(role, 'BIC')).id, role });
  }
  consultantId = users.get('consultant')!.id;
  for (const scope of API_SCOPES) {
    const who = `key ${scope}` as const;
    const { secret } = await createApiKeyService(t.database.db).create(SYSTEM_CONTEXT, { name: who, partner: 'BIC', scopes: [scope] });
    keys.set(who, secret);
  }
  await createUserService(t.database.db, t.config.session).create(SYSTEM_CONTEXT, {
    email: LOGIN_EMAIL,
    name: 'Fuzz login',
    partner: 'ESNB',
    role: 'viewer',
    password: TEST_PASSWORD,
  });
  fixtures = { ...(await records.createTestRecords(t, LABEL)), importRun };
}, 180_000);
afterAll(() => t.close());

async function importRun() {
  const res = await as('admin', {
    method: 'POST',
    url: '/api/v1/imports/entities/organisations?dryRun=true',
    headers: { 'content-type': 'text/csv' },
    payload: IMPORT_CSV,
  });
  return json<{ id: string }>(res).id;
}

const sessions = new Map<Who, Record<string, string>>();

async function sessionHeaders(userId: string) {
  const { token } = await createSessions(t.database.db, t.config.session).create(userId, { ip: '127.0.0.1', userAgent: 'fuzz' });
  return { cookie: `eurn_session=${token}`, 'x-csrf-token': csrfTokenOf(token) };
}

/**
 * One request as one kind of caller. `fresh`: a new staff member of the role, with a session of
 * their own, for the operations that end the session or change the password.
 */
async function as(who: Who, options: InjectOptions, fresh = false): Promise<LightMyRequestResponse> {
  let headers: Record<string, string> = {};
  if (who.startsWith('key ')) headers = { authorization: `Bearer ${keys.get(who)!}` };
  else if (who !== 'anonymous') {
    const role = users.get(who)!.role;
    if (fresh) headers = await sessionHeaders((await t.staff(role, 'BIC')).id);
    else if (sessions.has(who)) headers = sessions.get(who)!;
    else sessions.set(who, (headers = await sessionHeaders(users.get(who)!.id)));
  }
  return t.app.inject({ ...options, headers: { ...headers, ...(options.headers as Record<string, string>) } });
}

const refOf = (schema: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as JsonSchema;

function validates(schema: JsonSchema, value: unknown): string | undefined {
  const validate = ajv.compile(refOf(schema));
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

// ---- requests

/** How a valid request's body is made: the known-good one, generated fields under it, or generated alone. */
type BodyMode = 'known' | 'under' | 'generated';
/** Which ETag goes to If-Match: the record's current one, an older one, or none. */
type Precondition = 'current' | 'stale' | 'none';

interface Request {
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
  bodyMode?: BodyMode;
  precondition?: Precondition;
  raw?: { payload: Buffer | string; contentType: string };
}

const paramsOf = (call: Call, where: Parameter['in']) => (call.op.parameters ?? []).filter((p) => p.in === where);
const bodySchema = (call: Call) => call.op.requestBody?.content['application/json']?.schema;
const hasIfMatch = (call: Call) => paramsOf(call, 'header').some((p) => p.name === 'if-match');
/** The record an operation works on: its path up to the last parameter (or itself), whose GET gives the ETag. */
const recordPath = (call: Call) => call.path.replace(/^(.*\})\/[^{}]*$/, '$1');

/** Generated parts of a valid request; ids, ETags and known-good bodies are filled in when it is sent. */
function validRequest(call: Call): Arbitrary<Request> {
  const components = doc.components.schemas;
  const path = Object.fromEntries(paramsOf(call, 'path').map((p) => [p.name, arbitraryFor(p.schema, components)]));
  const query = Object.fromEntries(paramsOf(call, 'query').map((p) => [p.name, arbitraryFor(p.schema, components)]));
  const requiredQuery = paramsOf(call, 'query')
    .filter((p) => p.required)
    .map((p) => p.name);
  const body = bodySchema(call);
  return fc.record({
    params: fc.record(path) as Arbitrary<Record<string, string>>,
    query: fc.record(query, { requiredKeys: requiredQuery }),
    headers: fc.constant({}),
    ...(body ? { body: arbitraryFor(body, components) } : {}),
    bodyMode: fc.constantFrom<BodyMode>('known', 'under', 'generated'),
    precondition: fc.constantFrom<Precondition>('current', 'current', 'stale', 'none'),
  });
}

/** The request an honest client would send first: known ids, the current ETag, the known-good body. */
const KNOWN_GOOD: Request = { params: {}, query: {}, headers: {}, bodyMode: 'known', precondition: 'current' };

const readFixtures = new Map<string, { params: Record<string, string>; query: Record<string, string> }>();

/** Fills in the real ids, the ETag and the known-good body, then builds the request. */
async function materialise(call: Call, spec: Spec, r: Request): Promise<InjectOptions> {
  // A read changes nothing: its records are made once. A change gets records of its own.
  const made = (call.method === 'GET' && readFixtures.get(call.op.operationId)) || {
    params: spec.params ? await spec.params(fixtures) : {},
    query: spec.query ? await spec.query(fixtures) : {},
  };
  if (call.method === 'GET') readFixtures.set(call.op.operationId, made);
  const params = { ...r.params, ...made.params };
  const query = r.bodyMode === 'known' ? { ...made.query } : { ...r.query, ...made.query };
  const headers = { ...r.headers, ...spec.headers?.(made.params) };
  const url = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  if (hasIfMatch(call) && r.precondition !== 'none') {
    const current = await as('admin', { method: 'GET', url: url(recordPath(call)) });
    const etag = String(current.headers.etag ?? '"v1"');
    headers['if-match'] = r.precondition === 'stale' ? `"v${Number(/\d+/.exec(etag)?.[0] ?? 1) + 7}"` : etag;
  }
  let body = r.body;
  let raw = r.raw;
  if (spec.raw) raw = spec.raw;
  else if (spec.body && r.bodyMode !== 'generated') {
    const known = await spec.body(fixtures);
    body = r.bodyMode === 'under' && isObject(body) && isObject(known) ? { ...body, ...known } : known;
  }
  return toInject(call, { params, query, headers, body, ...(raw ? { raw } : {}) }, url);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toInject(call: Call, r: Request, url = (template: string) => template): InjectOptions {
  const path = url(call.path).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(r.params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) {
    if (v === undefined) continue;
    search.append(k, Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  }
  const query = search.toString();
  const options: InjectOptions = {
    method: call.method as InjectOptions['method'],
    url: query ? `${path}?${query}` : path,
    headers: { ...r.headers },
  };
  if (r.raw) {
    options.payload = r.raw.payload;
    (options.headers as Record<string, string>)['content-type'] = r.raw.contentType;
  } else if (r.body !== undefined) {
    options.payload = JSON.stringify(r.body);
    (options.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  return options;
}

const naughty = fc.constantFrom(...NAUGHTY);
const overlong = fc.integer({ min: 300, max: 20_000 }).map((n) => 'ż'.repeat(n));
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);

/** A valid request with one thing wrong. */
function invalidRequest(call: Call): Arbitrary<Request> {
  const components = doc.components.schemas;
  const body = bodySchema(call);
  const props = body ? Object.keys(resolve(body, components).properties ?? {}) : [];
  const required = body ? (resolve(body, components).required ?? []) : [];
  const queryNames = paramsOf(call, 'query').map((p) => p.name);
  const pathNames = paramsOf(call, 'path').map((p) => p.name);
  const mutations: Arbitrary<(r: Request) => Request>[] = [
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 12 }), naughty)
      .map(([k, v]) => (r: Request) => ({ ...r, query: { ...r.query, [`x${k}`]: v } })),
  ];
  if (queryNames.length) {
    mutations.push(
      fc
        .tuple(fc.constantFrom(...queryNames), fc.oneof(naughty, overlong, wrongType))
        .map(([k, v]) => (r: Request) => ({ ...r, query: { ...r.query, [k]: v } })),
    );
  }
  if (pathNames.length) {
    mutations.push(
      fc
        .tuple(fc.constantFrom(...pathNames), fc.oneof(naughty, overlong))
        .map(([k, v]) => (r: Request) => ({ ...r, params: { ...r.params, [k]: v } })),
    );
  }
  if (body) {
    mutations.push(
      wrongType.map((v) => (r: Request) => ({ ...r, body: v })),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.anything())
        .map(([k, v]) => (r: Request) => ({ ...r, body: { ...(r.body as object), [`extra_${k}`]: v } })),
      fc.constant((r: Request) => ({
        ...r,
        raw: { payload: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]), contentType: 'application/json' },
      })),
      fc
        .constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded')
        .map((contentType) => (r: Request) => ({ ...r, raw: { payload: 'name=<script>alert(1)</script>', contentType } })),
      fc.constant((r: Request) => ({ ...r, raw: { payload: '{"a":'.repeat(5000), contentType: 'application/json' } })),
    );
    if (props.length) {
      mutations.push(
        fc
          .tuple(fc.constantFrom(...props), fc.oneof(naughty, overlong, wrongType, fc.constantFrom(-1e308, 1e308, -1, 0, 2 ** 53)))
          .map(([k, v]) => (r: Request) => ({ ...r, body: { ...(r.body as object), [k]: v } })),
      );
    }
    if (required.length) {
      mutations.push(
        fc.constantFrom(...required).map((k) => (r: Request) => {
          const { [k]: _dropped, ...rest } = r.body as Record<string, unknown>;
          return { ...r, body: rest };
        }),
      );
    }
  }
  const ids = Object.fromEntries(
    paramsOf(call, 'path').map((p) => [
      p.name,
      resolve(p.schema, components).format === 'uuid' ? fc.uuid() : arbitraryFor(p.schema, components),
    ]),
  );
  return fc
    .tuple(validRequest(call), fc.record(ids) as Arbitrary<Record<string, string>>, fc.oneof(...mutations))
    .map(([r, params, mutate]) => mutate({ ...r, params: { ...r.params, ...params }, bodyMode: 'generated', precondition: 'none' }));
}

// ---- answers

/** Checks an answer against the document: declared status, schema, media type, problem+json. */
function check(call: Call, request: InjectOptions, res: LightMyRequestResponse, fail: (why: string) => never) {
  if (res.statusCode >= 500) fail('a 5xx answer');
  const declared = call.op.responses[String(res.statusCode)];
  if (!declared) fail(`status ${res.statusCode} is not declared for ${call.op.operationId}`);
  const type = String(res.headers['content-type'] ?? '');
  if (res.headers['x-content-type-options'] !== 'nosniff') fail('no X-Content-Type-Options: nosniff');
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) fail('an error that is not problem+json');
    const error = validates({ $ref: '#/components/schemas/Problem' }, json(res));
    if (error) fail(`the problem does not match its schema: ${error}`);
    return;
  }
  if (res.statusCode === 204) {
    if (res.body !== '') fail('a 204 with a body');
    return;
  }
  const media = type.split(';')[0]!.trim();
  const content = declared!.content ?? {};
  if (!(media in content)) fail(`media type ${media || '(none)'} is not declared (${Object.keys(content).join(', ') || 'none'})`);
  // Structured JSON types (`application/jwk-set+json`, `application/geo+json`) are JSON to check.
  switch (media.endsWith('+json') ? 'application/json' : media) {
    case 'application/json': {
      let value: unknown;
      try {
        value = JSON.parse(res.body);
      } catch {
        fail('declared JSON that does not parse');
      }
      const error = validates(content[media]!.schema, value);
      if (error) fail(`the answer does not match its declared schema: ${error}`);
      break;
    }
    case 'text/csv': {
      let rows: string[][] = [];
      try {
        const delimiter = String(request.url).includes('delimiter=semicolon') ? ';' : ',';
        rows = parseCsv(res.body.replace(/^\uFEFF/, ''), { delimiter }) as string[][];
      } catch (e) {
        fail(`declared CSV that does not parse: ${(e as Error).message}`);
      }
      if (!rows.length || !rows[0]!.length || rows[0]!.some((h) => h === '')) fail('a CSV without a header row');
      if (rows.some((row) => row.length !== rows[0]!.length)) fail('CSV rows of different lengths');
      break;
    }
    case 'application/atom+xml':
      if (XMLValidator.validate(res.body) !== true || !/<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/.test(res.body)) {
        fail('declared Atom that is not an Atom feed');
      }
      break;
    case 'image/png':
    case 'image/webp':
    case 'image/jpeg':
    case 'application/pdf':
    case 'text/plain':
      if (!/^attachment|^inline/.test(String(res.headers['content-disposition'] ?? ''))) fail('a download without Content-Disposition');
      break;
    case 'image/svg+xml':
      if (!/^(<\?xml[^>]*\?>\s*)?<svg[\s>][\s\S]*<\/svg>\s*$/.test(res.body)) fail('declared SVG that is not an <svg> document');
      break;
    case 'text/calendar':
      try {
        if (new ICAL.Component(ICAL.parse(res.body)).name !== 'vcalendar') fail('declared iCalendar that is not a VCALENDAR');
      } catch (e) {
        fail(`declared iCalendar that does not parse: ${(e as Error).message}`);
      }
      break;
    // Only where an operation declares it (the page behind a link in an e-mail), and a whole document.
    case 'text/html':
      if (!/^<!doctype html><html lang="(de|pl|en)">[\s\S]*<\/html>$/.test(res.body)) fail('declared HTML that is not a whole page');
      break;
    default:
      fail(`no check for the media type ${media}`);
  }
}

function failer(request: InjectOptions, res: LightMyRequestResponse, who: Who) {
  return (why: string): never => {
    throw new Error(
      `${why}\n  caller: ${who}\n  request: ${request.method} ${request.url}\n  headers: ${JSON.stringify(request.headers)}\n  body: ${String(request.payload ?? '').slice(0, 400)}\n  answer: ${res.statusCode} ${res.body.slice(0, 400)}`,
    );
  };
}

// ---- the tests

const successes = new Map<string, Set<Who>>();

describe('fuzzing every operation of the OpenAPI document', () => {
  it('has a rights entry for every operation of the document, and none for operations that do not exist', () => {
    const ids = calls.map((c) => c.op.operationId);
    expect(ids.filter((i) => !(i in OPERATIONS))).toEqual([]);
    expect(Object.keys(OPERATIONS).filter((i) => !ids.includes(i))).toEqual([]);
  });

  it(
    'valid requests, as every kind of caller, get the answers their rights allow, well-formed, and succeed',
    async () => {
      const timings: [string, number][] = [];
      for (const call of fuzzed) {
        const started = Date.now();
        const operationId = call.op.operationId;
        const spec = OPERATIONS[operationId];
        if (!spec) throw new Error(`no rights entry for ${operationId}`);
        // Callers without the right are refused before the record is looked at: one known-good
        // request, with real records, serves them all.
        let refused: InjectOptions | undefined;
        for (const who of WHO) {
          const allowed = spec.who.includes(who);
          await fc.assert(
            fc.asyncProperty(validRequest(call), async (r) => {
              const options = allowed ? await materialise(call, spec, r) : (refused ??= await materialise(call, spec, r));
              const res = await as(who, options, spec.freshCaller);
              const fail = failer(options, res, who);
              if (!allowed) {
                const want = who === 'anonymous' ? 401 : 403;
                if (res.statusCode !== want) fail(`${who} has no right to ${operationId}: expected ${want}`);
              } else if (
                // Wrong credentials sent to the login (or as the current password) are an answer, not a refusal.
                (res.statusCode === 401 && json<{ code: string }>(res).code !== 'INVALID_CREDENTIALS') ||
                (res.statusCode === 403 && !spec.mayRefuse?.who.includes(who))
              ) {
                fail(`${who} has the right to ${operationId} but was refused`);
              }
              check(call, options, res, fail);
              if (res.statusCode < 300) {
                if (!allowed) fail(`${who} has no right to ${operationId} but succeeded`);
                successes.set(operationId, (successes.get(operationId) ?? new Set()).add(who));
              }
            }),
            // The first request is the one an honest client sends; callers without the right need fewer.
            { numRuns: allowed ? RUNS : 1, seed: SEED, examples: [[KNOWN_GOOD]] },
          );
        }
        timings.push([operationId, Date.now() - started]);
      }
      if (process.env.FUZZ_VERBOSE) console.log(timings.sort((a, b) => b[1] - a[1]).slice(0, 25));
      const never = fuzzed.flatMap(({ op: { operationId } }) =>
        OPERATIONS[operationId]!.who.filter(
          (who) => !successes.get(operationId)?.has(who) && !EXPECTED_NEVER[operationId]?.who.includes(who),
        ).map((who) => `${operationId} as ${who}`),
      );
      expect(never).toEqual([]);
    },
    20 * 60_000,
  );

  it(
    'invalid requests get declared, well-formed problems and never a 5xx',
    async () => {
      for (const call of fuzzed) {
        const spec = OPERATIONS[call.op.operationId]!;
        await fc.assert(
          fc.asyncProperty(invalidRequest(call), async (r) => {
            const options = toInject(call, r);
            const res = await as('admin', options, spec.freshCaller);
            check(call, options, res, failer(options, res, 'admin'));
          }),
          { numRuns: RUNS * 2, seed: SEED },
        );
      }
    },
    20 * 60_000,
  );
});
