import { randomBytes } from 'node:crypto';
import {
  ClusterCreateSchema,
  ConsultingRequestIntakeSchema,
  DialogueEventCreateSchema,
  EvaluationCreateSchema,
  EvaluationFrameworkCreateSchema,
  FundingCallCreateSchema,
  MatchCreateSchema,
  OrganisationCreateSchema,
  ProfileCreateSchema,
  type EvaluationFramework,
  type PartnerCode,
  type Role,
} from '@euregionet/shared';
import { sql } from 'drizzle-orm';
import { createWebhookService } from '../modules/webhooks/webhooks.service.js';
import { SYSTEM_CONTEXT, type Actor } from '../modules/auth/actor.js';
import { createApiKeyService } from '../modules/api-keys/api-keys.service.js';
import { createClusterService } from '../modules/clusters/clusters.service.js';
import { createConsultingService } from '../modules/consulting/consulting.service.js';
import { createDigestService } from '../modules/digests/digests.service.js';
import { createDialogueEventService, tokenHash } from '../modules/dialogue-events/dialogue-events.service.js';
import { createEvaluationShareService } from '../modules/evaluations/evaluation-shares.service.js';
import { createEventMeetingService } from '../modules/dialogue-events/event-meetings.service.js';
import { createEvaluationService } from '../modules/evaluations/evaluations.service.js';
import { createFrameworkService } from '../modules/evaluations/frameworks.service.js';
import { createFileStore } from '../modules/files/file-store.js';
import { createFundingCallService } from '../modules/funding-calls/funding-calls.service.js';
import { createIndicatorService } from '../modules/indicators/indicators.service.js';
import { createMatchmakingService } from '../modules/matchmaking/matchmaking.service.js';
import { createOrganisationService } from '../modules/organisations/organisations.service.js';
import { createTemplateRepo } from '../modules/consulting/consulting.templates.repo.js';
import { createUserService } from '../modules/users/users.service.js';
import { ok, TEST_PASSWORD, type Principal, type TestApp } from './app.js';
import { brandFixtures } from './brand.js';
import { publicationFixtures } from './files.js';
import { linkToken, mailsTo } from './outbox.js';

/**
 * Known-good request bodies and records made fresh through the services, for tests that need
 * "a record of each kind" rather than particular data (the authorization matrix, the fuzzers).
 * `label` names the test in the records it makes ("Matrix GmbH 3k9…"), so a failing run shows
 * whose record it is; every body that must be unique carries a random suffix.
 */

export const uniqueSuffix = () => Math.random().toString(36).slice(2, 10);

export const clusterBody = (label: string, partner: PartnerCode = 'BIC') => ({
  kind: 'network',
  name: { de: `${label}-Netzwerk ${uniqueSuffix()}` },
  regions: ['DE403'],
  partner,
});

/** A contact person who agreed in writing that portals show her (name, role and e-mail). */
export const consentingContact = {
  name: 'Ewa Zielińska',
  role: 'Prezes',
  email: 'ewa@odra-laser.example.pl',
  publicationConsent: true,
  consentDate: '2020-01-15',
  consentSource: 'Signed form',
};

export const organisationBody = (label: string) => ({
  name: `${label} GmbH ${uniqueSuffix()}`,
  type: 'sme',
  country: 'DE',
  city: 'Frankfurt (Oder)',
});

export const intakeBody = (label: string) => ({
  requesterName: `${label} Requester`,
  requesterEmail: `${label.toLowerCase()}.${uniqueSuffix()}@example.eu`,
  country: 'DE',
  language: 'de',
  topic: 'strategy',
  message: `${label} ${uniqueSuffix()}`,
  consent: true,
  consentTextVersion: '2026-01',
});

/** A portal visitor's interest in an opportunity: the intake without topic and directory ids. */
export const interestBody = (label: string) => {
  const { topic: _topic, ...body } = intakeBody(label);
  return body;
};

export const fundingCallBody = (label: string) => ({
  programme: 'interreg',
  programmeName: 'INTERREG VI A Brandenburg–Polska',
  title: { de: `${label}-Aufruf ${uniqueSuffix()}` },
  partner: 'BIC',
  published: true,
});

export const eventBody = (label: string) => ({
  title: { de: `${label}-Dialog` },
  date: '2019-06-13',
  place: 'Cottbus',
  languages: ['de', 'pl'],
  organisingPartner: 'BIC',
  participantCount: 12,
});

export const registrationBody = (label: string) => ({
  name: `${label} Registrant`,
  email: `${label.toLowerCase()}.${uniqueSuffix()}@example.eu`,
  country: 'PL',
  language: 'pl',
  consent: true,
  consentTextVersion: '2026-01',
});

export const profileBody = (label: string, organisationId: string) => ({
  ownerKind: 'organisation',
  ownerId: organisationId,
  kind: 'offer',
  type: 'technology',
  title: { de: `${label}-Angebot` },
  sectors: ['25'],
  partner: 'BIC',
  status: 'published',
});

/** A dimension of a framework body, of weight 1: what the test frameworks are made of. */
const dimension = (key: string, name: string, criteria: object[]) => ({ key, name: { en: name }, weight: 1, criteria });
/** One maturity level that every score reaches. */
const anyLevel = [{ key: 'any', label: { en: 'Any' }, minScore: 0 }];

/** The smallest framework that can be published: one dimension, one criterion scored 0 or 1. */
export const frameworkBody = (code: string, name = 'Test framework') => ({
  code,
  name: { en: name },
  dimensions: [
    dimension('only', 'Only', [
      { key: 'only.one', text: { en: 'One' }, weight: 1, scale: [0, 1].map((value) => ({ value, label: { en: String(value) } })) },
    ]),
  ],
  maturityLevels: anyLevel,
});

/** Scores 0 to 4, each level labelled. */
const levels = [0, 1, 2, 3, 4].map((value) => ({ value, label: { en: `Level ${value}` } }));

/**
 * A framework whose scores a test works out by hand: four criteria scored 0–4 in two dimensions of
 * equal weight, structure (`structure.members`, `structure.smes`, weight 1 each) and strategy
 * (`strategy.written` weight 3, `strategy.services` weight 1), and one maturity level. With
 * `indicators`, the structure criteria are suggested from the member count (thresholds 2, 4, 6, 8)
 * and the share of SMEs (20, 40, 60, 80 %).
 */
export const fourCriteriaFrameworkBody = (code: string, name: string, options: { indicators?: boolean } = {}) => {
  const indicator = (source: string, thresholds: number[]) => (options.indicators ? { indicator: { source, thresholds } } : {});
  return {
    code,
    name: { en: name },
    dimensions: [
      dimension('structure', 'Structure', [
        { key: 'structure.members', text: { en: 'Members' }, weight: 1, scale: levels, ...indicator('memberCount', [2, 4, 6, 8]) },
        { key: 'structure.smes', text: { en: 'SMEs' }, weight: 1, scale: levels, ...indicator('smeShare', [20, 40, 60, 80]) },
      ]),
      dimension('strategy', 'Strategy', [
        { key: 'strategy.written', text: { en: 'Written strategy' }, weight: 3, scale: levels },
        { key: 'strategy.services', text: { en: 'Services' }, weight: 1, scale: levels },
      ]),
    ],
    maturityLevels: anyLevel,
  };
};

/** A framework written and published through the API by an administrator, as the admin app does. */
export async function publishedFramework(admin: Principal, body: unknown): Promise<EvaluationFramework> {
  const draft = await ok<EvaluationFramework>(
    await admin.inject({ method: 'POST', url: '/api/v1/evaluation-frameworks', payload: body as Record<string, unknown> }),
    201,
  );
  return ok<EvaluationFramework>(
    await admin.inject({
      method: 'POST',
      url: `/api/v1/evaluation-frameworks/${draft.id}/publish`,
      headers: { 'if-match': `"v${draft.version}"` },
    }),
  );
}

/** A signed-in staff member as the services see them (for calling a service in their name). */
export const actorOf = (
  principal: Principal & { email: string },
  name: string,
  role: Role = 'consultant',
  partner: PartnerCode = 'BIC',
): Actor => ({
  kind: 'user',
  id: principal.id,
  email: principal.email,
  name,
  partner,
  role,
  language: 'en',
  sessionHash: '',
});

export type TestRecords = Awaited<ReturnType<typeof createTestRecords>>;

/**
 * Factories of one new record each, of the own partner (BIC) where records have a partner.
 * Evaluations are written by a consultant of BIC created here.
 */
export async function createTestRecords(t: TestApp, label: string) {
  const { db } = t.database;
  const author = actorOf(
    await t.staff('consultant', 'BIC', `${label.toLowerCase()}.evaluator.${uniqueSuffix()}@example.eu`),
    `${label} evaluator`,
  );

  let reviewer: ReturnType<typeof actorOf> | undefined;

  // Deleting a record removes its files (a logo) from the store.
  const store = createFileStore(t.config.files.storage);

  /** A new BIC cluster; with `brand`, holding a valid award (the brand is never a field of the cluster). */
  async function cluster(options: { published?: boolean; brand?: boolean; deleted?: boolean } = {}) {
    const clusters = createClusterService(db, { store });
    const { deleted, brand: holdsBrand, ...flags } = options;
    const created = await clusters.create(SYSTEM_CONTEXT, ClusterCreateSchema.parse({ ...clusterBody(label), ...flags }));
    if (holdsBrand) await brand.award(created.id);
    if (deleted) await clusters.remove(SYSTEM_CONTEXT, created.id);
    return { id: created.id, slug: created.slug };
  }

  async function organisation(options: { deleted?: boolean } = {}) {
    const organisations = createOrganisationService(db, { store });
    const { id } = await organisations.create(SYSTEM_CONTEXT, OrganisationCreateSchema.parse(organisationBody(label)), {
      confirmDistinct: true,
    });
    if (options.deleted) await organisations.remove(SYSTEM_CONTEXT, id);
    return id;
  }

  /** A digest subscription of a contact person of a new organisation, and the address of a second contact without one. */
  async function digestSubscription() {
    const email = `${label.toLowerCase()}.reader.${uniqueSuffix()}@example.eu`;
    const freeEmail = `${label.toLowerCase()}.other.${uniqueSuffix()}@example.eu`;
    const { id } = await createOrganisationService(db, { store }).create(
      SYSTEM_CONTEXT,
      OrganisationCreateSchema.parse({
        ...organisationBody(label),
        contacts: [
          { name: `${label} Reader`, email },
          { name: `${label} Other`, email: freeEmail },
        ],
      }),
      { confirmDistinct: true },
    );
    const digests = createDigestService(db, { publicBaseUrl: t.config.publicBaseUrl });
    const created = await digests.create(SYSTEM_CONTEXT, id, {
      email,
      language: 'de',
      topics: ['publications'],
      frequency: 'monthly',
      consentSource: 'signed form',
    });
    return { organisationId: id, id: created.id, freeEmail };
  }

  async function draftFramework() {
    const body = frameworkBody(`${label.toLowerCase()}-${uniqueSuffix()}`, `${label} framework`);
    return (await createFrameworkService(db).create(SYSTEM_CONTEXT, EvaluationFrameworkCreateSchema.parse(body))).id;
  }

  async function publishedFramework() {
    return (await createFrameworkService(db).publish(SYSTEM_CONTEXT, await draftFramework(), 1)).id;
  }

  // Publications and their files are written by the same BIC consultant.
  const publications = publicationFixtures(t, () => author);
  // The brand's applicant is a LOP consultant, so that BIC's coordinator and administrator may decide.
  const brand = brandFixtures(db, async () => ({ ...author, id: (await t.staff('consultant', 'LOP')).id, partner: 'LOP' }));

  return {
    author,
    cluster,
    digestSubscription,
    publication: (published?: boolean) => publications.publication(published),
    /** A PNG (with its thumbnail) of a new draft publication. */
    file: () => publications.file(),
    /** A PNG (with its thumbnail) of a new published publication: anyone may download it. */
    publishedFile: () => publications.file(true),
    brandDraft: () => brand.draft(),
    brandPublished: () => brand.published(),
    brandApplication: () => brand.application(),
    /** A valid award of a new published BIC cluster. */
    brandAward: async () => brand.award((await cluster({ published: true })).id),
    organisation,
    draftFramework,
    publishedFramework,
    user: async () =>
      (
        await createUserService(db, t.config.session).create(SYSTEM_CONTEXT, {
          email: `fixture.${uniqueSuffix()}@example.eu`,
          name: 'Fixture',
          partner: 'LOP',
          role: 'viewer',
          password: TEST_PASSWORD,
        })
      ).id,
    apiKey: async () =>
      (await createApiKeyService(db).create(SYSTEM_CONTEXT, { name: 'Fixture', partner: 'BIC', scopes: ['read'] })).key.id,
    /** A webhook endpoint of a new portal key (an address of the documentation range: sends fail). */
    webhookEndpoint: async () => {
      const { key } = await createApiKeyService(db).create(SYSTEM_CONTEXT, { name: 'Fixture', partner: 'BIC', scopes: ['public:read'] });
      const { endpoint } = await createWebhookService(db, {
        clock: t.clock,
        publicBaseUrl: t.config.publicBaseUrl,
        allowPrivateTargets: false,
      }).create(SYSTEM_CONTEXT, key.id, { url: 'https://192.0.2.10/hooks', events: ['cluster.published'] });
      return { apiKeyId: key.id, id: endpoint.id };
    },
    consultingRequest: async () =>
      (
        await createConsultingService(db, t.config.consulting).intake(
          SYSTEM_CONTEXT,
          ConsultingRequestIntakeSchema.parse(intakeBody(label)),
          { kind: 'staff', partner: 'BIC' },
        )
      ).id!,
    /**
     * A BIC partner-search request about a new published BIC profile (an interest in an
     * opportunity), naming a new organisation as the requester's.
     */
    interestRequest: async () => {
      const profile = await createMatchmakingService(db).createProfile(
        SYSTEM_CONTEXT,
        ProfileCreateSchema.parse(profileBody(label, await organisation())),
      );
      const input = ConsultingRequestIntakeSchema.parse({
        ...intakeBody(label),
        topic: 'partner_search',
        organisationId: await organisation(),
      });
      return (
        await createConsultingService(db, t.config.consulting).intake(
          SYSTEM_CONTEXT,
          { ...input, profileId: profile.id },
          { kind: 'staff', partner: 'BIC' },
        )
      ).id!;
    },
    /** A BIC answer template on funding, in German. */
    answerTemplate: async () =>
      (
        await createTemplateRepo(db).insert(
          { partner: 'BIC', topic: 'funding', title: { de: `${label}-Vorlage` }, body: { de: 'Guten Tag {{name}}' } },
          t.clock.now(),
        )
      ).id,
    /** Approved ones carry one action item and are approved by a BIC coordinator (four eyes). */
    async evaluation(status: 'draft' | 'submitted' | 'approved' = 'draft') {
      const ctx = { ...SYSTEM_CONTEXT, actor: author };
      const service = createEvaluationService(db);
      const e = await service.create(
        ctx,
        EvaluationCreateSchema.parse({
          clusterId: (await cluster()).id,
          frameworkId: await publishedFramework(),
          answers: { 'only.one': { score: 1 } },
          recommendations: status === 'approved' ? [{ text: 'Recruit members', owner: 'Board', dueDate: '2026-12-31' }] : [],
        }),
      );
      if (status !== 'draft') await service.transition(ctx, e.id, 1, 'submit');
      if (status === 'approved') {
        reviewer ??= actorOf(
          await t.staff('coordinator', 'BIC', `${label.toLowerCase()}.reviewer.${uniqueSuffix()}@example.eu`),
          `${label} reviewer`,
        );
        await service.transition({ ...SYSTEM_CONTEXT, actor: reviewer }, e.id, 2, 'approve');
      }
      return e.id;
    },
    async evaluationShare() {
      const evaluationId = await this.evaluation('approved');
      const share = await createEvaluationShareService(db, { publicBaseUrl: t.config.publicBaseUrl }).create(
        { ...SYSTEM_CONTEXT, actor: author },
        evaluationId,
        { language: 'de', days: 5, fileIds: [] },
      );
      return { evaluationId, shareId: share.id };
    },
    async fundingCall() {
      const call = await createFundingCallService(db).create(SYSTEM_CONTEXT, FundingCallCreateSchema.parse(fundingCallBody(label)));
      return { id: call.id, slug: call.slug };
    },
    dialogueEvent: async () =>
      (await createDialogueEventService(db).create(SYSTEM_CONTEXT, DialogueEventCreateSchema.parse(eventBody(label)))).id,
    /** A published upcoming event of BIC, open for registration. */
    async publishedEvent() {
      const events = createDialogueEventService(db, { clock: t.clock });
      const created = await events.create(
        SYSTEM_CONTEXT,
        DialogueEventCreateSchema.parse({ ...eventBody(label), date: '2026-09-01', participantCount: null }),
      );
      await events.transition(SYSTEM_CONTEXT, created.id, { status: 'published' });
      return { id: created.id, slug: created.slug };
    },
    /** A confirmed registration and the token of its cancellation link (from the confirmation e-mail). */
    async eventRegistration() {
      const event = await this.publishedEvent();
      const body = registrationBody(label);
      const { id } = await createDialogueEventService(db, { clock: t.clock }).register(
        SYSTEM_CONTEXT,
        { id: event.id },
        { ...body, country: 'PL', language: 'pl', consent: true, wantsMeetings: false },
        { kind: 'staff' },
        `http://${label.toLowerCase()}`,
      );
      const [mail] = await mailsTo(db, body.email);
      return { eventId: event.id, registrationId: id!, token: linkToken(mail!.body) };
    },
    /** An invitation to a published event and the token of its personal registration link. */
    async eventInvitation() {
      const event = await this.publishedEvent();
      const token = randomBytes(24).toString('base64url');
      await db.execute(
        sql`INSERT INTO dialogue_event_invitations (event_id, name, email, language, token_hash) VALUES (${event.id}, ${label}, ${`invited.${randomBytes(6).toString('hex')}@example.pl`}, 'pl', ${tokenHash(token)})`,
      );
      return { eventId: event.id, token };
    },
    measure: async () =>
      (
        await createIndicatorService(db).createMeasure(SYSTEM_CONTEXT, {
          clusterId: (await cluster()).id,
          kind: 'extension',
          date: '2018-03-01',
          description: label,
        })
      ).id,
    profile: async () =>
      (
        await createMatchmakingService(db).createProfile(
          SYSTEM_CONTEXT,
          ProfileCreateSchema.parse(profileBody(label, await organisation())),
        )
      ).id,
    match: async () =>
      (
        await createMatchmakingService(db).proposeMatch(
          SYSTEM_CONTEXT,
          MatchCreateSchema.parse({
            parties: [
              { kind: 'organisation', id: await organisation() },
              { kind: 'organisation', id: await organisation() },
            ],
            partner: 'BIC',
          }),
        )
      ).id,
    /**
     * One-to-one meetings at a new published BIC event with a plan: a meeting asked by one
     * registrant of another, a third registrant free to be asked, and the tokens of their links.
     */
    async eventMeeting() {
      const event = await this.publishedEvent();
      const events = createDialogueEventService(db, { clock: t.clock });
      const person = async (n: number) => {
        const body = registrationBody(`${label}${n}`);
        const { id } = await events.register(
          SYSTEM_CONTEXT,
          { id: event.id },
          { ...body, country: n === 1 ? 'DE' : 'PL', language: 'pl', consent: true, wantsMeetings: true },
          { kind: 'staff', organisationId: await organisation() },
          `http://${label.toLowerCase()}`,
        );
        const [mail] = await mailsTo(db, body.email);
        return { id: id!, token: linkToken(mail!.body) };
      };
      const [requester, invitee, third] = [await person(1), await person(2), await person(3)];
      const meetings = createEventMeetingService(db, { clock: t.clock });
      await meetings.setPlan(SYSTEM_CONTEXT, event.id, {
        date: '2026-09-01',
        startTime: '13:00',
        endTime: '14:00',
        slotMinutes: 20,
        tables: 2,
      });
      const meeting = await meetings.request(SYSTEM_CONTEXT, event.id, { requesterId: requester.id, inviteeId: invitee.id });
      return { eventId: event.id, meetingId: meeting.id, requester, invitee, third };
    },
    /** A meeting that took place: accepted, scheduled, and the event held. */
    async heldMeeting() {
      const m = await this.eventMeeting();
      await createEventMeetingService(db, { clock: t.clock }).answer(SYSTEM_CONTEXT, m.eventId, m.meetingId, true);
      await createDialogueEventService(db, { clock: t.clock }).transition(SYSTEM_CONTEXT, m.eventId, { status: 'held' });
      return m;
    },
    async membership() {
      const [clusterId, organisationId] = [(await cluster()).id, await organisation()];
      await createOrganisationService(db).putMembership(SYSTEM_CONTEXT, clusterId, organisationId, { role: 'member', since: null });
      return { id: clusterId, organisationId };
    },
  };
}
