import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { InjectOptions } from 'fastify';
import { API_SCOPES, type ApiScope } from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { createTestApp, json, TEST_PASSWORD, type Principal, type TestApp } from '../../test/app.js';
import {
  clusterBody,
  createTestRecords,
  eventBody,
  frameworkBody,
  fundingCallBody,
  intakeBody,
  interestBody,
  organisationBody,
  profileBody,
  registrationBody,
  uniqueSuffix,
} from '../../test/records.js';
import { ensureDefaultFramework } from '../evaluations/frameworks.service.js';
import { brandCriteriaBody } from '../../test/brand.js';
import { createUserService } from '../users/users.service.js';
import { SYSTEM_CONTEXT } from './actor.js';

/**
 * Every operation of the OpenAPI document, called as every kind of caller, with the expected
 * answer. An operation without an entry here fails the test: a new route must say who may call it.
 */
const STAFF_PRINCIPALS = [
  'viewer',
  'viewer (other partner)',
  'consultant (own partner)',
  'consultant (other partner)',
  'coordinator',
  'admin',
] as const;
/** A key of each scope: a new scope must say which operations it opens. */
const PRINCIPALS = ['anonymous' as const, ...STAFF_PRINCIPALS, ...API_SCOPES.map((scope) => `key ${scope}` as const)];
type PrincipalName = (typeof PRINCIPALS)[number];

const STAFF: PrincipalName[] = [...STAFF_PRINCIPALS];
const EDITORS: PrincipalName[] = ['consultant (own partner)', 'coordinator', 'admin'];
const EVERYONE: PrincipalName[] = [...PRINCIPALS];

interface Fixtures {
  /** A new cluster of the own partner (BIC). */
  cluster(options?: { published?: boolean; brand?: boolean; deleted?: boolean }): Promise<string>;
  /** The slug of a new published brand cluster. */
  publishedSlug(): Promise<string>;
  organisation(options?: { deleted?: boolean }): Promise<string>;
  /** A digest subscription of a contact person of a new organisation. */
  digestSubscription(): Promise<{ organisationId: string; id: string; freeEmail: string }>;
  user(): Promise<string>;
  apiKey(): Promise<string>;
  webhookEndpoint(): Promise<{ apiKeyId: string; id: string }>;
  /** A new consulting request of the own partner (BIC). */
  consultingRequest(): Promise<string>;
  /** A new answer template of the own partner (BIC). */
  answerTemplate(): Promise<string>;
  /** A draft framework version (of its own framework). */
  draftFramework(): Promise<string>;
  /** A published framework version (of its own framework). */
  publishedFramework(): Promise<string>;
  /** An evaluation of a new BIC cluster in the given status, written by a BIC consultant. */
  evaluation(status?: 'draft' | 'submitted' | 'approved'): Promise<string>;
  /** A results link of a new approved evaluation. */
  evaluationShare(): Promise<{ evaluationId: string; shareId: string }>;
  /** A published funding call of the own partner (BIC). */
  fundingCall(): Promise<{ id: string; slug: string }>;
  /** A cluster-dialogue event organised by the own partner (BIC). */
  dialogueEvent(): Promise<string>;
  /** A published upcoming event of the own partner (BIC), open for registration. */
  publishedEvent(): Promise<{ id: string; slug: string }>;
  /** A confirmed registration for a new published event, and the token of its cancellation link. */
  eventRegistration(): Promise<{ eventId: string; registrationId: string; token: string }>;
  eventInvitation(): Promise<{ eventId: string; token: string }>;
  /** A meeting asked between two registrants of a new published BIC event with a meeting plan; a third registrant free. */
  eventMeeting(): Promise<{
    eventId: string;
    meetingId: string;
    requester: { id: string; token: string };
    invitee: { id: string; token: string };
    third: { id: string; token: string };
  }>;
  /** The same, accepted and scheduled, and the event held. */
  heldMeeting(): Promise<{ eventId: string; meetingId: string }>;
  /** An internationalisation measure of a new BIC cluster. */
  measure(): Promise<string>;
  /** A published cooperation profile of the own partner (BIC), of a new organisation. */
  profile(): Promise<string>;
  /** A proposed match of the own partner (BIC) between two new organisations. */
  match(): Promise<string>;
  /** A BIC partner-search request about a new published BIC profile, naming a new organisation. */
  interestRequest(): Promise<string>;
  /** A new BIC cluster with a new organisation as its member. */
  membership(): Promise<{ id: string; organisationId: string }>;
  /** A new publication of the own partner (BIC), a draft unless published. */
  publication(published?: boolean): Promise<{ id: string; slug: string }>;
  /** A new file (a PNG, with a thumbnail) of a new draft publication of the own partner (BIC). */
  file(): Promise<string>;
  /** A new draft version of the brand criteria (any open draft is published first). */
  brandDraft(): Promise<string>;
  /** Published brand criteria, and no open draft. */
  brandPublished(): Promise<void>;
  /** A pending brand application of a new LOP cluster, made by LOP's staff (so BIC's coordinator may decide). */
  brandApplication(): Promise<string>;
  /** A valid award of a new published BIC cluster. */
  brandAward(): Promise<{ id: string; certificate: string }>;
}

interface Entry {
  request: (f: Fixtures) => Promise<InjectOptions> | InjectOptions;
  allowed: PrincipalName[];
  status: number;
  /** The call changes the caller's own session: use a new caller for it. */
  freshCaller?: boolean;
  /** Answers other than 401/403 for callers not allowed, e.g. 404 for records they may not see. */
  denied?: Partial<Record<PrincipalName, number>>;
}

/** The calls of the matrix. A fixture record is new, so a change names its first version (unless the fixture moved it on). */
type Payload = InjectOptions['payload'];
const get = (url: string): InjectOptions => ({ method: 'GET', url });
const post = (url: string, payload?: Payload): InjectOptions => ({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) });
const put = (url: string, payload: Payload): InjectOptions => ({ method: 'PUT', url, payload });
const atVersion = (version: number, request: InjectOptions): InjectOptions => ({
  ...request,
  headers: { ...request.headers, 'if-match': `"v${version}"` },
});
const del = (url: string): InjectOptions => ({ method: 'DELETE', url });
const patch = (url: string, payload: Payload): InjectOptions => atVersion(1, { method: 'PATCH', url, payload });

const STAFF_AND_READ_KEYS: PrincipalName[] = [...STAFF, 'key read'];
/** Organisations belong to no partner: every editor may create and change them. */
const ORGANISATION_EDITORS: PrincipalName[] = ['consultant (own partner)', 'consultant (other partner)', 'coordinator', 'admin'];

const HIDDEN = { 'consultant (other partner)': 404 } as const;
/** Requests of another partner are for coordinators and administrators; others get the 404 of no request. */
const HIDDEN_REQUEST = { ...HIDDEN, 'viewer (other partner)': 404 } as const;

const importRequest = (): InjectOptions => ({
  method: 'POST',
  url: '/api/v1/imports/entities/organisations?dryRun=true',
  headers: { 'content-type': 'text/csv' },
  payload: 'source,externalId,name,type,country\nmatrix,1,Matrix GmbH,sme,DE\n',
});

const publicationBody = () => ({ kind: 'news', title: { pl: `Matrix ${Math.random()}` }, partner: 'BIC' });
const uploadRequest = async (f: Fixtures): Promise<InjectOptions> => {
  const boundary = 'matrix-boundary';
  return {
    method: 'POST',
    url: `/api/v1/files?ownerType=publication&ownerId=${(await f.publication()).id}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.txt"\r\nContent-Type: text/plain\r\n\r\nMatrix\r\n--${boundary}--\r\n`,
  };
};
/** A draft's files: whoever may not read drafts gets the 404 of a missing file (the route itself is open). */
const DRAFT_FILE_HIDDEN = {
  anonymous: 404,
  'key public:read': 404,
  'key requests:create': 404,
  'key registrations:create': 404,
  'key import:write': 404,
} as const;
const BRAND_DECIDERS: PrincipalName[] = ['coordinator', 'admin'];

const MATRIX: Record<string, Entry> = {
  listPublications: { request: () => get('/api/v1/publications'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  createPublication: {
    request: () => post('/api/v1/publications', publicationBody()),
    allowed: EDITORS,
    status: 201,
  },
  previewPublicationBody: {
    request: () => post('/api/v1/publications/preview', { markdown: '**Matrix**' }),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  getPublication: {
    request: async (f) => get(`/api/v1/publications/${(await f.publication()).id}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  updatePublication: {
    request: async (f) => patch(`/api/v1/publications/${(await f.publication()).id}`, { kind: 'guide' }),
    allowed: EDITORS,
    status: 200,
  },
  transitionPublication: {
    request: async (f) => atVersion(1, post(`/api/v1/publications/${(await f.publication()).id}/transitions`, { to: 'published' })),
    allowed: EDITORS,
    status: 200,
  },
  deletePublication: {
    request: async (f) => del(`/api/v1/publications/${(await f.publication()).id}`),
    allowed: EDITORS,
    status: 204,
  },
  listPublicPublications: {
    request: () => get('/api/v1/public/publications'),
    allowed: ['key public:read'],
    status: 200,
  },
  getPublicPublication: {
    request: async (f) => get(`/api/v1/public/publications/${(await f.publication(true)).slug}`),
    allowed: ['key public:read'],
    status: 200,
  },
  publicationsFeed: { request: () => get('/feeds/pl/publications.atom'), allowed: EVERYONE, status: 200 },
  fundingCallsFeed: { request: () => get('/feeds/de/funding-calls.atom'), allowed: EVERYONE, status: 200 },
  uploadFile: { request: uploadRequest, allowed: EDITORS, status: 201 },
  listFiles: {
    request: async (f) => get(`/api/v1/files?ownerType=publication&ownerId=${(await f.publication()).id}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  downloadFile: {
    request: async (f) => get(`/api/v1/files/${await f.file()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
    denied: DRAFT_FILE_HIDDEN,
  },
  downloadFileThumbnail: {
    request: async (f) => get(`/api/v1/files/${await f.file()}/thumbnail`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
    denied: DRAFT_FILE_HIDDEN,
  },
  deleteFile: {
    request: async (f) => del(`/api/v1/files/${await f.file()}`),
    allowed: EDITORS,
    status: 204,
  },
  live: { request: () => get('/health/live'), allowed: EVERYONE, status: 200 },
  ready: { request: () => get('/health/ready'), allowed: EVERYONE, status: 200 },
  login: {
    request: () => post('/api/v1/auth/login', { email: 'matrix.login@example.eu', password: TEST_PASSWORD }),
    allowed: EVERYONE,
    status: 200,
  },
  logout: { request: () => post('/api/v1/auth/logout'), allowed: STAFF, status: 204, freshCaller: true },
  getSession: { request: () => get('/api/v1/auth/me'), allowed: STAFF, status: 200 },
  updateOwnAccount: {
    request: () => ({ method: 'PATCH', url: '/api/v1/auth/me', payload: { language: 'pl' } }),
    allowed: STAFF,
    status: 200,
  },
  changeOwnPassword: {
    request: () => post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Neues Passwort für die Matrix' }),
    allowed: STAFF,
    status: 204,
    freshCaller: true,
  },
  listUsers: { request: () => get('/api/v1/users'), allowed: STAFF, status: 200 },
  getUser: { request: async (f) => get(`/api/v1/users/${await f.user()}`), allowed: STAFF, status: 200 },
  createUser: {
    request: () =>
      post('/api/v1/users', {
        email: `new.${Math.random()}@example.eu`,
        name: 'Neu',
        partner: 'CIT',
        role: 'viewer',
        password: TEST_PASSWORD,
      }),
    allowed: ['admin'],
    status: 201,
  },
  updateUser: {
    request: async (f) => patch(`/api/v1/users/${await f.user()}`, { name: 'Umbenannt' }),
    allowed: ['admin'],
    status: 200,
  },
  resetUserPassword: {
    request: async (f) => post(`/api/v1/users/${await f.user()}/password`, { password: 'Ein neues langes Passwort' }),
    allowed: ['admin'],
    status: 204,
  },
  listApiKeys: { request: () => get('/api/v1/api-keys'), allowed: ['admin'], status: 200 },
  getApiKey: { request: async (f) => get(`/api/v1/api-keys/${await f.apiKey()}`), allowed: ['admin'], status: 200 },
  createApiKey: {
    request: () => post('/api/v1/api-keys', { name: 'Matrix', partner: 'BIC', scopes: ['read'] }),
    allowed: ['admin'],
    status: 201,
  },
  revokeApiKey: {
    request: async (f) => del(`/api/v1/api-keys/${await f.apiKey()}`),
    allowed: ['admin'],
    status: 200,
  },
  listWebhookEndpoints: {
    request: async (f) => get(`/api/v1/api-keys/${await f.apiKey()}/webhooks`),
    allowed: ['admin'],
    status: 200,
  },
  createWebhookEndpoint: {
    request: async (f) =>
      post(`/api/v1/api-keys/${await f.apiKey()}/webhooks`, {
        url: 'https://hooks.portal.example.pl/euregionet',
        events: ['cluster.published'],
      }),
    allowed: ['admin'],
    status: 201,
  },
  deleteWebhookEndpoint: {
    request: async (f) => {
      const e = await f.webhookEndpoint();
      return del(`/api/v1/api-keys/${e.apiKeyId}/webhooks/${e.id}`);
    },
    allowed: ['admin'],
    status: 204,
  },
  listWebhookDeliveries: {
    request: async (f) => {
      const e = await f.webhookEndpoint();
      return get(`/api/v1/api-keys/${e.apiKeyId}/webhooks/${e.id}/deliveries`);
    },
    allowed: ['admin'],
    status: 200,
  },
  sendWebhookTest: {
    request: async (f) => {
      const e = await f.webhookEndpoint();
      return post(`/api/v1/api-keys/${e.apiKeyId}/webhooks/${e.id}/test`);
    },
    allowed: ['admin'],
    status: 201,
  },
  listPublicChanges: { request: () => get('/api/v1/public/changes'), allowed: ['key public:read'], status: 200 },
  listAuditLog: { request: () => get('/api/v1/audit-log'), allowed: ['coordinator', 'admin'], status: 200 },
  listClusters: { request: () => get('/api/v1/clusters'), allowed: [...STAFF, 'key read'], status: 200 },
  getCluster: {
    request: async (f) => get(`/api/v1/clusters/${await f.cluster()}`),
    allowed: [...STAFF, 'key read'],
    status: 200,
  },
  createCluster: {
    request: () => post('/api/v1/clusters', clusterBody('Matrix')),
    allowed: EDITORS,
    status: 201,
  },
  updateCluster: {
    request: async (f) => patch(`/api/v1/clusters/${await f.cluster()}`, { published: true }),
    allowed: EDITORS,
    status: 200,
  },
  deleteCluster: {
    request: async (f) => del(`/api/v1/clusters/${await f.cluster()}`),
    allowed: ['coordinator', 'admin'],
    status: 204,
  },
  submitConsultingRequest: {
    request: () => post('/api/v1/public/consulting-requests', intakeBody('Matrix')),
    allowed: ['key requests:create'],
    status: 201,
  },
  createConsultingRequest: {
    // Without a partner in the body, every consultant takes it in for their own partner.
    request: () => post('/api/v1/consulting-requests', intakeBody('Matrix')),
    allowed: [...EDITORS, 'consultant (other partner)'],
    status: 201,
  },
  listConsultingRequests: { request: () => get('/api/v1/consulting-requests'), allowed: STAFF, status: 200 },
  countConsultingRequests: { request: () => get('/api/v1/consulting-requests/counts'), allowed: STAFF, status: 200 },
  getConsultingRequest: {
    request: async (f) => get(`/api/v1/consulting-requests/${await f.consultingRequest()}`),
    allowed: STAFF.filter((p) => !(p in HIDDEN_REQUEST)),
    status: 200,
    denied: HIDDEN_REQUEST,
  },
  suggestConsultingAssignment: {
    request: async (f) => get(`/api/v1/consulting-requests/${await f.consultingRequest()}/suggested-assignment`),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  assignConsultingRequest: {
    request: async (f) =>
      post(`/api/v1/consulting-requests/${await f.consultingRequest()}/assignment`, {
        partner: 'BIC',
        assigneeId: callers.get('consultant (own partner)')!.id,
      }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  transitionConsultingRequest: {
    request: async (f) =>
      post(`/api/v1/consulting-requests/${await f.consultingRequest()}/transitions`, { to: 'rejected', reason: 'Matrix' }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  addConsultingComment: {
    request: async (f) => post(`/api/v1/consulting-requests/${await f.consultingRequest()}/comments`, { kind: 'note', body: 'Matrix' }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  exportPersonalData: {
    request: () => post('/api/v1/personal-data/export', { email: 'matrix@example.eu' }),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  erasePersonalData: {
    request: () => post('/api/v1/personal-data/erasure', { email: 'matrix@example.eu' }),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  getConsultingRequestStatus: {
    request: async (f) => {
      const id = await f.consultingRequest();
      // The token exists only in the requester's e-mail.
      const [mail] = await queryRows<{ body: string; reference: string }>(
        t.database.db,
        sql`SELECT m.body, r.reference FROM outbox_messages m JOIN consulting_requests r ON r.id = m.source_id WHERE m.source_id = ${id}`,
      );
      const token = /\/status\/([A-Za-z0-9_-]{43})/.exec(mail!.body)![1]!;
      return { method: 'GET', url: `/api/v1/public/consulting-requests/${mail!.reference}`, headers: { 'x-status-token': token } };
    },
    allowed: ['key requests:create', 'key public:read'],
    status: 200,
  },
  revokeConsultingStatusLinks: {
    request: async (f) =>
      post(`/api/v1/consulting-requests/${await f.consultingRequest()}/status-links/revocation`, { sendNewLink: false }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  shareConsultingFiles: {
    request: async (f) => put(`/api/v1/consulting-requests/${await f.consultingRequest()}/shared-files`, { fileIds: [] }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  getConsultingSettings: { request: () => get('/api/v1/consulting-settings'), allowed: STAFF, status: 200 },
  previewConsultingStatus: {
    request: async (f) => get(`/api/v1/consulting-requests/${await f.consultingRequest()}/status-view`),
    allowed: STAFF.filter((p) => !(p in HIDDEN_REQUEST)),
    status: 200,
    denied: HIDDEN_REQUEST,
  },
  listAnswerTemplates: { request: () => get('/api/v1/consulting-answer-templates'), allowed: STAFF, status: 200 },
  getAnswerTemplate: {
    request: async (f) => get(`/api/v1/consulting-answer-templates/${await f.answerTemplate()}`),
    allowed: STAFF,
    status: 200,
  },
  createAnswerTemplate: {
    request: () =>
      post('/api/v1/consulting-answer-templates', {
        partner: 'BIC',
        topic: 'funding',
        title: { de: 'Matrix' },
        body: { de: 'Guten Tag {{name}}' },
      }),
    allowed: ['coordinator', 'admin'],
    status: 201,
  },
  updateAnswerTemplate: {
    request: async (f) => patch(`/api/v1/consulting-answer-templates/${await f.answerTemplate()}`, { title: { de: 'Matrix neu' } }),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  deleteAnswerTemplate: {
    request: async (f) => del(`/api/v1/consulting-answer-templates/${await f.answerTemplate()}`),
    allowed: ['coordinator', 'admin'],
    status: 204,
  },
  draftConsultingAnswer: {
    request: async (f) =>
      post(`/api/v1/consulting-requests/${await f.consultingRequest()}/answer-drafts`, { templateId: await f.answerTemplate() }),
    allowed: EDITORS,
    status: 200,
    denied: HIDDEN,
  },
  listPartnerMailboxes: { request: () => get('/api/v1/partner-mailboxes'), allowed: STAFF, status: 200 },
  setPartnerMailbox: {
    request: () => put('/api/v1/partner-mailboxes/BIC', { replyTo: 'beratung@bic.example.eu' }),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  listOutboxMessages: { request: () => get('/api/v1/outbox'), allowed: ['coordinator', 'admin'], status: 200 },
  restoreCluster: {
    request: async (f) => post(`/api/v1/clusters/${await f.cluster({ deleted: true })}/restore`),
    allowed: ['admin'],
    status: 200,
  },
  listOrganisations: { request: () => get('/api/v1/organisations'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  getOrganisation: {
    request: async (f) => get(`/api/v1/organisations/${await f.organisation()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  createOrganisation: {
    request: () => post('/api/v1/organisations', organisationBody('Matrix')),
    allowed: ORGANISATION_EDITORS,
    status: 201,
  },
  updateOrganisation: {
    request: async (f) => patch(`/api/v1/organisations/${await f.organisation()}`, { employees: 12 }),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  // Contacts' digest consents: every staff member sees them; editors of the joint directory record them.
  listDigestSubscriptions: {
    request: async (f) => get(`/api/v1/organisations/${(await f.digestSubscription()).organisationId}/digest-subscriptions`),
    allowed: STAFF,
    status: 200,
  },
  createDigestSubscription: {
    request: async (f) => {
      const { organisationId, freeEmail } = await f.digestSubscription();
      return {
        method: 'POST',
        url: `/api/v1/organisations/${organisationId}/digest-subscriptions`,
        payload: { email: freeEmail, language: 'pl', consentSource: 'phone call' },
      };
    },
    allowed: ORGANISATION_EDITORS,
    status: 201,
  },
  getDigestSubscription: {
    request: async (f) => get(`/api/v1/digest-subscriptions/${(await f.digestSubscription()).id}`),
    allowed: STAFF,
    status: 200,
  },
  updateDigestSubscription: {
    request: async (f) => patch(`/api/v1/digest-subscriptions/${(await f.digestSubscription()).id}`, { frequency: 'weekly' }),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  deleteOrganisation: {
    request: async (f) => del(`/api/v1/organisations/${await f.organisation()}`),
    allowed: ['coordinator', 'admin'],
    status: 204,
  },
  restoreOrganisation: {
    request: async (f) => post(`/api/v1/organisations/${await f.organisation({ deleted: true })}/restore`),
    allowed: ['admin'],
    status: 200,
  },
  putClusterMember: {
    request: async (f) => put(`/api/v1/clusters/${await f.cluster()}/members/${await f.organisation()}`, { role: 'member' }),
    allowed: EDITORS,
    status: 201,
  },
  deleteClusterMember: {
    request: async (f) => {
      const membership = await f.membership();
      return del(`/api/v1/clusters/${membership.id}/members/${membership.organisationId}`);
    },
    allowed: EDITORS,
    status: 204,
  },
  searchDirectory: { request: () => get('/api/v1/search?q=matrix'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  getTaxonomy: {
    request: () => get('/api/v1/taxonomies/nace'),
    allowed: [...STAFF_AND_READ_KEYS, 'key public:read'],
    status: 200,
  },
  listPublicClusters: { request: () => get('/api/v1/public/clusters'), allowed: ['key public:read'], status: 200 },
  getPublicClusterMap: {
    request: () => get('/api/v1/public/clusters.geojson'),
    allowed: ['key public:read'],
    status: 200,
  },
  getMapSettings: { request: () => get('/api/v1/map-settings'), allowed: STAFF, status: 200 },
  getPublicClusterFacets: {
    request: () => get('/api/v1/public/clusters/facets'),
    allowed: ['key public:read'],
    status: 200,
  },
  getPublicCluster: {
    request: async (f) => get(`/api/v1/public/clusters/${await f.publishedSlug()}`),
    allowed: ['key public:read'],
    status: 200,
  },
  getPublicTaxonomy: {
    request: () => get('/api/v1/public/taxonomies/ris3'),
    allowed: ['key public:read'],
    status: 200,
  },
  // Embedded in portals with a plain <img>: no key, anyone.
  getPublicClusterBadge: {
    request: async (f) => get(`/api/v1/public/clusters/${await f.publishedSlug()}/badge.svg`),
    allowed: EVERYONE,
    status: 200,
  },
  listEvaluationFrameworks: {
    request: () => get('/api/v1/evaluation-frameworks'),
    allowed: [...STAFF, 'key read'],
    status: 200,
  },
  getEvaluationFramework: {
    request: async (f) => get(`/api/v1/evaluation-frameworks/${await f.draftFramework()}`),
    allowed: [...STAFF, 'key read'],
    status: 200,
  },
  createEvaluationFramework: {
    request: () => post('/api/v1/evaluation-frameworks', frameworkBody(`matrix-${uniqueSuffix()}`, 'Matrix framework')),
    allowed: ['admin'],
    status: 201,
  },
  updateEvaluationFramework: {
    request: async (f) => patch(`/api/v1/evaluation-frameworks/${await f.draftFramework()}`, { name: { en: 'Renamed' } }),
    allowed: ['admin'],
    status: 200,
  },
  createEvaluationFrameworkVersion: {
    request: async (f) => post(`/api/v1/evaluation-frameworks/${await f.publishedFramework()}/versions`),
    allowed: ['admin'],
    status: 201,
  },
  publishEvaluationFramework: {
    request: async (f) => atVersion(1, post(`/api/v1/evaluation-frameworks/${await f.draftFramework()}/publish`)),
    allowed: ['admin'],
    status: 200,
  },
  deleteEvaluationFramework: {
    request: async (f) => del(`/api/v1/evaluation-frameworks/${await f.draftFramework()}`),
    allowed: ['admin'],
    status: 204,
  },
  listEvaluations: { request: () => get('/api/v1/evaluations'), allowed: STAFF, status: 200 },
  getEvaluationProgress: {
    request: () => get('/api/v1/evaluations/progress'),
    allowed: [...STAFF, 'key read'],
    status: 200,
  },
  getEvaluation: {
    request: async (f) => get(`/api/v1/evaluations/${await f.evaluation()}`),
    allowed: STAFF,
    status: 200,
  },
  getEvaluationComparison: {
    request: async (f) => get(`/api/v1/evaluations/${await f.evaluation()}/comparison`),
    allowed: STAFF,
    status: 200,
  },
  createEvaluation: {
    request: async (f) => post('/api/v1/evaluations', { clusterId: await f.cluster() }),
    allowed: EDITORS,
    status: 201,
  },
  updateEvaluation: {
    request: async (f) => patch(`/api/v1/evaluations/${await f.evaluation()}`, { strengths: 'Strong research base' }),
    allowed: EDITORS,
    status: 200,
  },
  deleteEvaluation: {
    request: async (f) => del(`/api/v1/evaluations/${await f.evaluation()}`),
    allowed: EDITORS,
    status: 204,
  },
  submitEvaluation: {
    request: async (f) => atVersion(1, post(`/api/v1/evaluations/${await f.evaluation()}/submit`)),
    allowed: EDITORS,
    status: 200,
  },
  // Reviewers only; the fixture's author is a consultant, so no caller here is blocked by four-eyes.
  approveEvaluation: {
    request: async (f) => atVersion(2, post(`/api/v1/evaluations/${await f.evaluation('submitted')}/approve`)),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  listEvaluationShares: {
    request: async (f) => get(`/api/v1/evaluations/${await f.evaluation('approved')}/shares`),
    allowed: STAFF,
    status: 200,
  },
  // Results go out on behalf of the evaluating partner: its editors and administrators, no other partner's coordinator.
  createEvaluationShare: {
    request: async (f) => post(`/api/v1/evaluations/${await f.evaluation('approved')}/shares`, { language: 'pl' }),
    allowed: EDITORS,
    status: 201,
  },
  revokeEvaluationShare: {
    request: async (f) => {
      const { evaluationId, shareId } = await f.evaluationShare();
      return post(`/api/v1/evaluations/${evaluationId}/shares/${shareId}/revocation`);
    },
    allowed: EDITORS,
    status: 200,
  },
  getEvaluationFollowUp: {
    request: async (f) => get(`/api/v1/evaluations/${await f.evaluation('approved')}/follow-up`),
    allowed: STAFF,
    status: 200,
  },
  setActionItemStatus: {
    request: async (f) => put(`/api/v1/evaluations/${await f.evaluation('approved')}/action-items/0/status`, { status: 'in_progress' }),
    allowed: EDITORS,
    status: 200,
  },
  returnEvaluation: {
    request: async (f) =>
      atVersion(2, post(`/api/v1/evaluations/${await f.evaluation('submitted')}/return`, { reason: 'Add the evidence' })),
    allowed: ['coordinator', 'admin'],
    status: 200,
  },
  listFundingCalls: { request: () => get('/api/v1/funding-calls'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  createFundingCall: {
    request: () => post('/api/v1/funding-calls', fundingCallBody('Matrix')),
    allowed: EDITORS,
    status: 201,
  },
  getFundingCall: {
    request: async (f) => get(`/api/v1/funding-calls/${(await f.fundingCall()).id}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  updateFundingCall: {
    request: async (f) => patch(`/api/v1/funding-calls/${(await f.fundingCall()).id}`, { fundingRatePercent: 60 }),
    allowed: EDITORS,
    status: 200,
  },
  deleteFundingCall: {
    request: async (f) => del(`/api/v1/funding-calls/${(await f.fundingCall()).id}`),
    allowed: EDITORS,
    status: 204,
  },
  listFundingCallClusterMatches: {
    request: async (f) => get(`/api/v1/funding-calls/${(await f.fundingCall()).id}/cluster-matches`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  listClusterFundingMatches: {
    request: async (f) => get(`/api/v1/clusters/${await f.cluster()}/funding-matches`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  // A staff member's own: keys have no user to remind.
  listFundingCallReminders: { request: () => get('/api/v1/funding-calls/reminders'), allowed: STAFF, status: 200 },
  getHome: { request: () => get('/api/v1/home'), allowed: STAFF, status: 200 },
  listFollowedClusters: { request: () => get('/api/v1/followed-clusters'), allowed: STAFF, status: 200 },
  followCluster: {
    request: async (f) => ({ method: 'PUT', url: `/api/v1/followed-clusters/${await f.cluster()}` }),
    allowed: STAFF,
    status: 201,
  },
  unfollowCluster: {
    request: async (f) => del(`/api/v1/followed-clusters/${await f.cluster()}`),
    allowed: STAFF,
    status: 204,
  },
  listPublicFundingCalls: {
    request: () => get('/api/v1/public/funding-calls'),
    allowed: ['key public:read'],
    status: 200,
  },
  getPublicFundingCall: {
    request: async (f) => get(`/api/v1/public/funding-calls/${(await f.fundingCall()).slug}`),
    allowed: ['key public:read'],
    status: 200,
  },
  listPublicOpportunities: {
    request: () => get('/api/v1/public/opportunities'),
    allowed: ['key public:read'],
    status: 200,
  },
  getPublicOpportunity: {
    request: async (f) => get(`/api/v1/public/opportunities/${await f.profile()}`),
    allowed: ['key public:read'],
    status: 200,
  },
  expressInterestInOpportunity: {
    request: async (f) => post(`/api/v1/public/opportunities/${await f.profile()}/interest`, interestBody('Matrix')),
    allowed: ['key requests:create'],
    status: 201,
  },
  proposeMatchFromInterest: {
    request: async (f) => post(`/api/v1/consulting-requests/${await f.interestRequest()}/proposed-match`, {}),
    allowed: EDITORS,
    status: 201,
    denied: HIDDEN,
  },
  listDialogueEvents: { request: () => get('/api/v1/events'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  createDialogueEvent: {
    request: () => post('/api/v1/events', eventBody('Matrix')),
    allowed: EDITORS,
    status: 201,
  },
  getDialogueEvent: {
    request: async (f) => get(`/api/v1/events/${await f.dialogueEvent()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  updateDialogueEvent: {
    request: async (f) => patch(`/api/v1/events/${await f.dialogueEvent()}`, { participantCount: 14 }),
    allowed: EDITORS,
    status: 200,
  },
  transitionDialogueEvent: {
    request: async (f) => post(`/api/v1/events/${await f.dialogueEvent()}/transitions`, { status: 'published' }),
    allowed: EDITORS,
    status: 200,
  },
  // Registrations (personal data) are for editors of every partner: whoever is at the desk on the day.
  listEventRegistrations: {
    request: async (f) => get(`/api/v1/events/${(await f.publishedEvent()).id}/registrations`),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  createEventRegistration: {
    request: async (f) => post(`/api/v1/events/${(await f.publishedEvent()).id}/registrations`, registrationBody('Matrix')),
    allowed: ORGANISATION_EDITORS,
    status: 201,
  },
  cancelEventRegistration: {
    request: async (f) => {
      const r = await f.eventRegistration();
      return post(`/api/v1/events/${r.eventId}/registrations/${r.registrationId}/cancellation`);
    },
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  checkInEventRegistration: {
    request: async (f) => {
      const r = await f.eventRegistration();
      return put(`/api/v1/events/${r.eventId}/registrations/${r.registrationId}/check-in`, { present: true });
    },
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  getEventAttendance: {
    request: async (f) => get(`/api/v1/events/${await f.dialogueEvent()}/attendance`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  listPublicEvents: { request: () => get('/api/v1/public/events'), allowed: ['key public:read'], status: 200 },
  getPublicEvent: {
    request: async (f) => get(`/api/v1/public/events/${(await f.publishedEvent()).slug}`),
    allowed: ['key public:read'],
    status: 200,
  },
  registerForPublicEvent: {
    request: async (f) => post(`/api/v1/public/events/${(await f.publishedEvent()).slug}/registrations`, registrationBody('Matrix')),
    allowed: ['key registrations:create'],
    status: 201,
  },
  // The link in the registrant's e-mail: the token is the proof, no key or account.
  showEventRegistrationCancellation: {
    request: async (f) => get(`/api/v1/public/event-registrations/cancel?token=${(await f.eventRegistration()).token}`),
    allowed: EVERYONE,
    status: 200,
  },
  cancelEventRegistrationByLink: {
    request: async (f) => post(`/api/v1/public/event-registrations/cancel?token=${(await f.eventRegistration()).token}`),
    allowed: EVERYONE,
    status: 200,
  },
  // Invitations: the organiser chooses whom to invite; the list (personal data) is read like registrations.
  previewEventInvitations: {
    request: async (f) => post(`/api/v1/events/${(await f.publishedEvent()).id}/invitations/preview`, { countries: ['PL'] }),
    allowed: EDITORS,
    status: 200,
  },
  sendEventInvitations: {
    // A cluster that does not exist: nobody to invite, nothing sent.
    request: async (f) =>
      post(`/api/v1/events/${(await f.publishedEvent()).id}/invitations`, { clusterIds: ['00000000-0000-4000-8000-000000000000'] }),
    allowed: EDITORS,
    status: 200,
  },
  listEventInvitations: {
    request: async (f) => get(`/api/v1/events/${(await f.eventInvitation()).eventId}/invitations`),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  // The personal link of an invitation: the token is the proof, no key or account.
  showEventInvitationRegistration: {
    request: async (f) => get(`/api/v1/public/event-invitations/register?token=${(await f.eventInvitation()).token}`),
    allowed: EVERYONE,
    status: 200,
  },
  registerByEventInvitation: {
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/public/event-invitations/register?token=${(await f.eventInvitation()).token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Matrix&country=PL&language=pl&consent=on',
    }),
    allowed: EVERYONE,
    status: 200,
  },
  // One-to-one meetings: staff of every partner help participants (like registrations); the organiser plans.
  getEventMeetingBoard: {
    request: async (f) => get(`/api/v1/events/${(await f.eventMeeting()).eventId}/meetings`),
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  setEventMeetingPlan: {
    request: async (f) =>
      put(`/api/v1/events/${(await f.publishedEvent()).id}/meeting-plan`, {
        date: '2026-09-01',
        startTime: '10:00',
        endTime: '12:00',
        slotMinutes: 30,
        tables: 4,
      }),
    allowed: EDITORS,
    status: 200,
  },
  requestEventMeeting: {
    request: async (f) => {
      const m = await f.eventMeeting();
      return post(`/api/v1/events/${m.eventId}/meetings`, { requesterId: m.third.id, inviteeId: m.invitee.id });
    },
    allowed: ORGANISATION_EDITORS,
    status: 201,
  },
  answerEventMeeting: {
    request: async (f) => {
      const m = await f.eventMeeting();
      return post(`/api/v1/events/${m.eventId}/meetings/${m.meetingId}/answer`, { accept: true });
    },
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  suggestEventMeetings: {
    request: async (f) => {
      const m = await f.eventMeeting();
      return get(`/api/v1/events/${m.eventId}/meetings/suggestions?for=${m.requester.id}`);
    },
    allowed: ORGANISATION_EDITORS,
    status: 200,
  },
  matchFromEventMeeting: {
    request: async (f) => {
      const m = await f.heldMeeting();
      return post(`/api/v1/events/${m.eventId}/meetings/${m.meetingId}/match`);
    },
    allowed: ORGANISATION_EDITORS,
    status: 201,
  },
  // The participant's own meetings: the token of their e-mail link is the proof, no key or account.
  getOwnEventMeetings: {
    request: async (f) => ({
      method: 'GET',
      url: '/api/v1/public/event-registrations/meetings',
      headers: { 'x-registration-token': (await f.eventMeeting()).requester.token },
    }),
    allowed: EVERYONE,
    status: 200,
  },
  getOwnEventMeetingSuggestions: {
    request: async (f) => ({
      method: 'GET',
      url: '/api/v1/public/event-registrations/meetings/suggestions',
      headers: { 'x-registration-token': (await f.eventMeeting()).requester.token },
    }),
    allowed: EVERYONE,
    status: 200,
  },
  setOwnMeetingProfile: {
    request: async (f) => ({
      method: 'PUT',
      url: '/api/v1/public/event-registrations/meeting-profile',
      headers: { 'x-registration-token': (await f.eventMeeting()).third.token },
      payload: { profile: 'Matrix' },
    }),
    allowed: EVERYONE,
    status: 200,
  },
  requestOwnEventMeeting: {
    request: async (f) => {
      const m = await f.eventMeeting();
      return {
        method: 'POST',
        url: '/api/v1/public/event-registrations/meetings',
        headers: { 'x-registration-token': m.third.token },
        payload: { withId: m.requester.id },
      };
    },
    allowed: EVERYONE,
    status: 201,
  },
  answerOwnEventMeeting: {
    request: async (f) => {
      const m = await f.eventMeeting();
      return {
        method: 'POST',
        url: `/api/v1/public/event-registrations/meetings/${m.meetingId}/answer`,
        headers: { 'x-registration-token': m.invitee.token },
        payload: { accept: false },
      };
    },
    allowed: EVERYONE,
    status: 200,
  },
  // Calendars to subscribe to, like the badge: no key, anyone.
  getEventCalendarFeed: { request: () => get('/feeds/pl/events.ics'), allowed: EVERYONE, status: 200 },
  getEventCalendarFile: {
    request: async (f) => get(`/feeds/de/events/${(await f.publishedEvent()).slug}.ics`),
    allowed: EVERYONE,
    status: 200,
  },
  deleteDialogueEvent: {
    request: async (f) => del(`/api/v1/events/${await f.dialogueEvent()}`),
    allowed: EDITORS,
    status: 204,
  },
  getProjectIndicators: { request: () => get('/api/v1/indicators'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  exportProjectIndicators: {
    request: () => get('/api/v1/indicators/export.csv?from=2017-04-01&to=2020-03-31'),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  listInternationalisationMeasures: {
    request: () => get('/api/v1/internationalisation-measures'),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  createInternationalisationMeasure: {
    request: async (f) =>
      post('/api/v1/internationalisation-measures', {
        clusterId: await f.cluster(),
        kind: 'networking',
        date: '2019-02-01',
        description: 'Matrix',
      }),
    allowed: EDITORS,
    status: 201,
  },
  deleteInternationalisationMeasure: {
    request: async (f) => del(`/api/v1/internationalisation-measures/${await f.measure()}`),
    allowed: EDITORS,
    status: 204,
  },
  importRecords: {
    request: () => importRequest(),
    allowed: [...ORGANISATION_EDITORS, 'key import:write'],
    status: 200,
  },
  exportOrganisations: {
    request: () => get('/api/v1/exports/organisations?format=csv'),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  exportClusters: {
    request: () => get('/api/v1/exports/clusters?format=json'),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  exportFundingCalls: {
    request: () => get('/api/v1/exports/funding-calls?format=csv'),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  listImports: { request: () => get('/api/v1/imports'), allowed: [...STAFF, 'key import:write'], status: 200 },
  // A key sees only its own imports: another caller's is a 404 to it.
  getImport: {
    request: async () => {
      const res = await callers.get('admin')!.inject(importRequest());
      return get(`/api/v1/imports/${json<{ id: string }>(res).id}`);
    },
    allowed: STAFF,
    status: 200,
    denied: { 'key import:write': 404 },
  },
  listProfiles: { request: () => get('/api/v1/profiles'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  getProfile: {
    request: async (f) => get(`/api/v1/profiles/${await f.profile()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  createProfile: {
    request: async (f) => post('/api/v1/profiles', profileBody('Matrix', await f.organisation())),
    allowed: EDITORS,
    status: 201,
  },
  updateProfile: {
    request: async (f) => patch(`/api/v1/profiles/${await f.profile()}`, { keywords: ['matrix'] }),
    allowed: EDITORS,
    status: 200,
  },
  deleteProfile: {
    request: async (f) => del(`/api/v1/profiles/${await f.profile()}`),
    allowed: EDITORS,
    status: 204,
  },
  listMatchCandidates: {
    request: async (f) => get(`/api/v1/matchmaking/candidates?for=${await f.profile()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  getMatchWeights: { request: () => get('/api/v1/matchmaking/weights'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  setMatchWeights: {
    request: () =>
      atVersion(
        1,
        put('/api/v1/matchmaking/weights', { complementarity: 35, sector: 20, ris3: 10, crossBorder: 15, language: 10, orgType: 10 }),
      ),
    allowed: ['admin'],
    status: 200,
  },
  listMatches: { request: () => get('/api/v1/matches'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  countMatches: { request: () => get('/api/v1/matches/counts'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  getMatch: {
    request: async (f) => get(`/api/v1/matches/${await f.match()}`),
    allowed: STAFF_AND_READ_KEYS,
    status: 200,
  },
  proposeMatch: {
    request: async (f) => ({
      method: 'POST',
      url: '/api/v1/matches',
      payload: {
        parties: [
          { kind: 'organisation', id: await f.organisation() },
          { kind: 'organisation', id: await f.organisation() },
        ],
        partner: 'BIC',
      },
    }),
    allowed: EDITORS,
    status: 201,
  },
  updateMatch: {
    request: async (f) => patch(`/api/v1/matches/${await f.match()}`, { note: 'Matrix' }),
    allowed: EDITORS,
    status: 200,
  },
  moveMatch: {
    request: async (f) => atVersion(1, post(`/api/v1/matches/${await f.match()}/transitions`, { to: 'introduced' })),
    allowed: EDITORS,
    status: 200,
  },
  // ---- the joint brand
  listBrandCriteria: { request: () => get('/api/v1/brand/criteria'), allowed: STAFF, status: 200 },
  getBrandCriteria: {
    request: async (f) => get(`/api/v1/brand/criteria/${await f.brandDraft()}`),
    allowed: STAFF,
    status: 200,
  },
  createBrandCriteria: {
    request: async (f) => {
      await f.brandPublished();
      return { method: 'POST', url: '/api/v1/brand/criteria', payload: brandCriteriaBody };
    },
    allowed: BRAND_DECIDERS,
    status: 201,
  },
  updateBrandCriteria: {
    request: async (f) => patch(`/api/v1/brand/criteria/${await f.brandDraft()}`, { validityMonths: 36 }),
    allowed: BRAND_DECIDERS,
    status: 200,
  },
  publishBrandCriteria: {
    request: async (f) => atVersion(1, post(`/api/v1/brand/criteria/${await f.brandDraft()}/publish`)),
    allowed: BRAND_DECIDERS,
    status: 200,
  },
  checkBrand: {
    request: async (f) => {
      await f.brandPublished();
      return get(`/api/v1/brand/check?clusterId=${await f.cluster()}`);
    },
    allowed: STAFF,
    status: 200,
  },
  listBrandApplications: { request: () => get('/api/v1/brand/applications'), allowed: STAFF, status: 200 },
  // Staff of the cluster's partner (BIC) and administrators apply; another partner's consultant may not.
  createBrandApplication: {
    request: async (f) => {
      await f.brandPublished();
      return post('/api/v1/brand/applications', { clusterId: await f.cluster() });
    },
    allowed: EDITORS,
    status: 201,
  },
  getBrandApplication: {
    request: async (f) => get(`/api/v1/brand/applications/${await f.brandApplication()}`),
    allowed: STAFF,
    status: 200,
  },
  // The application is LOP's: BIC's coordinator and administrator decide (four-eyes is tested in the brand module).
  decideBrandApplication: {
    request: async (f) =>
      atVersion(1, post(`/api/v1/brand/applications/${await f.brandApplication()}/decision`, { decision: 'reject', reason: 'Matrix' })),
    allowed: BRAND_DECIDERS,
    status: 200,
  },
  listBrandAwards: { request: () => get('/api/v1/brand/awards'), allowed: STAFF, status: 200 },
  getBrandAward: {
    request: async (f) => get(`/api/v1/brand/awards/${(await f.brandAward()).id}`),
    allowed: STAFF,
    status: 200,
  },
  changeBrandAward: {
    request: async (f) =>
      atVersion(1, post(`/api/v1/brand/awards/${(await f.brandAward()).id}/actions`, { action: 'suspend', reason: 'Matrix' })),
    allowed: BRAND_DECIDERS,
    status: 200,
  },
  getBrandFigures: { request: () => get('/api/v1/brand/figures'), allowed: STAFF_AND_READ_KEYS, status: 200 },
  listBrandHolders: { request: () => get('/api/v1/public/brand'), allowed: ['key public:read'], status: 200 },
  verifyBrand: {
    request: async (f) => get(`/api/v1/public/brand/${(await f.brandAward()).certificate}`),
    allowed: EVERYONE,
    status: 200,
  },
  getBrandBadge: {
    request: async (f) => get(`/api/v1/public/brand/${(await f.brandAward()).certificate}/badge.svg`),
    allowed: EVERYONE,
    status: 200,
  },
  getBrandKey: { request: () => get('/.well-known/euregionet-brand-key'), allowed: EVERYONE, status: 200 },
  getBrandKeySet: { request: () => get('/.well-known/euregionet-brand-keys'), allowed: EVERYONE, status: 200 },
  getBrandAssets: { request: () => get('/api/v1/public/brand/assets'), allowed: EVERYONE, status: 200 },
};

let t: TestApp;
let operationIds: string[];
let fixtures: Fixtures;
const callers = new Map<PrincipalName, Principal>();

async function makeCaller(name: PrincipalName): Promise<Principal> {
  switch (name) {
    case 'anonymous':
      return t.anonymous;
    case 'viewer':
      return t.staff('viewer', 'BIC');
    case 'viewer (other partner)':
      return t.staff('viewer', 'LOP');
    case 'consultant (own partner)':
      return t.staff('consultant', 'BIC');
    case 'consultant (other partner)':
      return t.staff('consultant', 'LOP');
    case 'coordinator':
      return t.staff('coordinator', 'BIC');
    case 'admin':
      return t.staff('admin', 'BIC');
    default:
      return t.apiKey([name.slice(4) as ApiScope]);
  }
}

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000, events: { registrationsPerAddressPerHour: 100_000 } });
  const doc = json<{ paths: Record<string, Record<string, { operationId: string }>> }>(
    await t.app.inject({ method: 'GET', url: '/openapi.json' }),
  );
  operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  for (const name of PRINCIPALS) callers.set(name, await makeCaller(name));
  await ensureDefaultFramework(t.database.db, SYSTEM_CONTEXT);
  const records = await createTestRecords(t, 'Matrix');
  fixtures = {
    ...records,
    cluster: async (options) => (await records.cluster(options)).id,
    publishedSlug: async () => (await records.cluster({ published: true, brand: true })).slug,
  };
  await createUserService(t.database.db, t.config.session).create(SYSTEM_CONTEXT, {
    email: 'matrix.login@example.eu',
    name: 'Matrix',
    partner: 'ESNB',
    role: 'viewer',
    password: TEST_PASSWORD,
  });
});
afterAll(() => t.close());

describe('authorization matrix', () => {
  it('has an entry for every operation of the OpenAPI document, and none for operations that do not exist', () => {
    expect(operationIds.filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !operationIds.includes(id))).toEqual([]);
  });

  it.each(Object.keys(MATRIX))('%s answers each caller as expected', async (operationId) => {
    const entry = MATRIX[operationId]!;
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const name of PRINCIPALS) {
      const caller = entry.freshCaller ? await makeCaller(name) : callers.get(name)!;
      const res = await caller.inject(await entry.request(fixtures));
      outcomes.push(`${name}: ${res.statusCode}`);
      const want = entry.allowed.includes(name) ? entry.status : (entry.denied?.[name] ?? (name === 'anonymous' ? 401 : 403));
      expected.push(`${name}: ${want}`);
    }
    expect(outcomes).toEqual(expected);
  });
});
