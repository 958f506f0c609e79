import {
  checkBrand,
  directoryIndicators,
  LOCALES,
  localDay,
  pickLocalized,
  shiftDay,
  shiftMonths,
  type BrandApplication,
  type BrandApplicationListQuery,
  type BrandApplicationPage,
  type BrandAssets,
  type BrandAward,
  type BrandAwardAction,
  type BrandAwardListQuery,
  type BrandAwardPage,
  type BrandCertificate,
  type BrandCheck,
  type BrandCriteria,
  type BrandCriteriaCreateSchema,
  type BrandCriteriaUpdate,
  type BrandDecision,
  type BrandFacts,
  type BrandFigures,
  type BrandHolder,
  type BrandVerification,
  type ClusterDetail,
  type IsoDate,
  type Locale,
} from '@euregionet/shared';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, changedMeanwhile, conflict, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertRole } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import { createClusterService } from '../clusters/clusters.service.js';
import { createEvaluationService } from '../evaluations/evaluations.service.js';
import { createOrganisationService } from '../organisations/organisations.service.js';
import { filesOf, toPublicFile, type FileOwnerResolver } from '../files/files.service.js';
import type { FileStore } from '../files/file-store.js';
import { enqueueMail } from '../outbox/outbox.repo.js';
import { SIGNATURE } from '../outbox/mail-text.js';
import { createPublicationService } from '../publications/publications.service.js';
import { createBrandRepo } from './brand.repo.js';
import { createBrandSigner } from './brand.signing.js';

type CriteriaCreateInput = z.output<typeof BrandCriteriaCreateSchema>;

const criteriaNotFound = (id: string) => notFound('BRAND_CRITERIA_NOT_FOUND', `No brand criteria version with id ${id}`);
const applicationNotFound = (id: string) => notFound('BRAND_APPLICATION_NOT_FOUND', `No brand application with id ${id}`);
const awardNotFound = (id: string) => notFound('BRAND_AWARD_NOT_FOUND', `No brand award with id ${id}`);

/** How long before the end of an award its cluster's contact is reminded to renew. */
export const RENEWAL_REMINDER_DAYS = 90;

/** Suspend, reinstate, revoke: from which states, to which. Revocation is final. */
const AWARD_ACTIONS: Record<BrandAwardAction['action'], { from: BrandAward['state'][]; to: BrandAward['state'] }> = {
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active' },
  revoke: { from: ['active', 'suspended'], to: 'revoked' },
};

function requireUser(ctx: RequestContext) {
  if (ctx.actor?.kind !== 'user') throw new AppError(403, 'FORBIDDEN', 'Only a signed-in staff member may do this');
  return ctx.actor;
}

/** The signed part of a verification: the certificate, with the day its status was read. */
function certificateOf(award: BrandAward, today: IsoDate): BrandCertificate {
  return {
    certificate: award.certificateNumber,
    holder: { slug: award.clusterSlug, name: award.clusterName },
    level: award.level,
    criteriaVersion: award.criteriaNumber,
    validFrom: award.validFrom,
    validUntil: award.validUntil,
    status: award.validity,
    checkedOn: today,
  };
}

/**
 * Who may read and attach the brand's assets (logo files and other material) of a criteria
 * version: anyone once it is published, staff before; coordinators and administrators attach.
 */
export const brandCriteriaFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const criteria = await createBrandRepo(db).criteria(id);
  if (!criteria) return null;
  const user = ctx.actor?.kind === 'user' ? ctx.actor : undefined;
  return { public: criteria.status === 'published', read: !!user, edit: user?.role === 'admin' || user?.role === 'coordinator' };
};

/** The renewal reminder, in the contact's language, signed as every e-mail of the platform. */
const REMINDER: Record<Locale, (cluster: string, until: string, certificate: string) => { subject: string; body: string }> = {
  de: (cluster, until, cert) => ({
    subject: `Clustermarke: ${cluster} – Verlängerung bis ${until} beantragen`,
    body: `Guten Tag,\n\ndie deutsch-polnische Clustermarke von ${cluster} (Zertifikat ${cert}) ist bis ${until} gültig. Bitte beantragen Sie die Verlängerung rechtzeitig bei Ihrem betreuenden Projektpartner; dafür zählt eine aktuelle, freigegebene Evaluierung.\n\n${SIGNATURE.de}`,
  }),
  pl: (cluster, until, cert) => ({
    subject: `Marka klastrów: ${cluster} – wniosek o przedłużenie do ${until}`,
    body: `Dzień dobry,\n\npolsko-niemiecka marka klastrów dla ${cluster} (certyfikat ${cert}) jest ważna do ${until}. Prosimy w porę złożyć wniosek o przedłużenie u partnera projektu, który wspiera klaster; potrzebna jest aktualna, zatwierdzona ewaluacja.\n\n${SIGNATURE.pl}`,
  }),
  en: (cluster, until, cert) => ({
    subject: `Cluster brand: ${cluster} – apply for renewal by ${until}`,
    body: `Hello,\n\nthe Polish–German cluster brand of ${cluster} (certificate ${cert}) is valid until ${until}. Please apply for renewal in good time with the project partner who supports your cluster; a recent approved evaluation counts for it.\n\n${SIGNATURE.en}`,
  }),
};

/**
 * The joint cluster brand: criteria versions, applications with their check, the four-eyes
 * decision, awards and their state, public verification with a signature, and the renewal
 * reminders. Whether a cluster holds the brand is read from its awards on the day asked
 * (`eur_holds_brand`): nothing here or elsewhere stores it with the cluster.
 */
export function createBrandService(db: Db, options: { clock?: Clock; store?: FileStore; signingKey?: string } = {}) {
  const clock = options.clock ?? systemClock;
  const today = () => localDay(clock.now());
  const repo = createBrandRepo(db);
  const signer = createBrandSigner(db, options.signingKey);

  /** What the platform knows of a cluster today: latest approved evaluation, members, profile. */
  async function factsIn(tx: Db, cluster: ClusterDetail): Promise<BrandFacts> {
    const evaluations = createEvaluationService(tx, { clock });
    const approved = await evaluations.list({ clusterId: cluster.id, status: 'approved', limit: 100 });
    const latest = [...approved.items].sort(
      (a, b) => b.evaluatedOn.localeCompare(a.evaluatedOn) || b.updatedAt.localeCompare(a.updatedAt),
    )[0];
    const evaluation = latest ? await evaluations.get(latest.id) : undefined;
    const figures = directoryIndicators(cluster.members);
    return {
      evaluation: evaluation
        ? {
            id: evaluation.id,
            evaluatedOn: evaluation.evaluatedOn,
            overall: evaluation.result.overall,
            dimensions: Object.fromEntries(evaluation.result.dimensions.map((d) => [d.key, d.score])),
          }
        : null,
      memberCount: figures.memberCount,
      crossBorderShare: figures.crossBorderShare,
      published: cluster.published,
      missingTranslations: cluster.missingTranslations,
    };
  }

  async function checkIn(tx: Db, clusterId: string, criteria: BrandCriteria): Promise<BrandCheck> {
    const cluster = await createClusterService(tx, { clock }).get(clusterId);
    return checkBrand(criteria, await factsIn(tx, cluster), today());
  }

  async function currentCriteriaIn(tx: Db): Promise<BrandCriteria> {
    const criteria = await createBrandRepo(tx).currentCriteria();
    if (!criteria) throw conflict('BRAND_CRITERIA_NOT_PUBLISHED', 'No brand criteria are published yet');
    return criteria;
  }

  async function verificationOf(award: BrandAward, baseUrl: string): Promise<BrandVerification> {
    const key = await signer();
    const certificate = certificateOf(award, today());
    const payload = JSON.stringify(certificate);
    const link = `${baseUrl}/api/v1/public/brand/${encodeURIComponent(award.certificateNumber)}`;
    return { ...certificate, payload, signature: key.sign(payload), keyId: key.keyId, verifyUrl: link, badgeUrl: `${link}/badge.svg` };
  }

  /** Where a reminder goes: the first contact with an e-mail of the cluster's coordinating member. */
  async function contactOf(tx: Db, clusterId: string): Promise<{ email: string; language: Locale } | undefined> {
    const cluster = await createClusterService(tx, { clock }).get(clusterId);
    const coordinator = cluster.members.find((m) => m.role === 'coordinator');
    if (!coordinator) return undefined;
    const organisation = await createOrganisationService(tx).get(coordinator.organisationId);
    const email = organisation.contacts.find((c) => c.email)?.email;
    if (!email) return undefined;
    // The organisation's first working language that the platform writes in; else its country's.
    const language =
      organisation.languages.find((l): l is Locale => (LOCALES as readonly string[]).includes(l)) ??
      (organisation.country === 'PL' ? 'pl' : 'de');
    return { email, language };
  }

  return {
    today,

    // --- criteria ---
    listCriteria: () => repo.criteriaList(),

    async getCriteria(id: string): Promise<BrandCriteria> {
      const criteria = await repo.criteria(id);
      if (!criteria) throw criteriaNotFound(id);
      return criteria;
    },

    /** A new draft version: numbered after the last one; one draft at a time. */
    async createCriteria(ctx: RequestContext, input: CriteriaCreateInput): Promise<BrandCriteria> {
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        if (await brand.hasDraft()) throw conflict('BRAND_CRITERIA_DRAFT_EXISTS', 'A draft version exists already: edit or publish it');
        const id = await brand.insertCriteria({ ...input, number: await brand.nextCriteriaNumber(), status: 'draft' });
        const created = (await brand.criteria(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'brand_criteria', entityId: id, after: created });
        return created;
      });
    },

    async updateCriteria(ctx: RequestContext, id: string, expectedVersion: number, patch: BrandCriteriaUpdate): Promise<BrandCriteria> {
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const before = await brand.criteria(id, { forUpdate: true });
        if (!before) throw criteriaNotFound(id);
        if (before.status !== 'draft') throw conflict('BRAND_CRITERIA_NOT_DRAFT', 'Published criteria are frozen: make a new version');
        if (!(await brand.updateCriteria(id, expectedVersion, patch))) throw changedMeanwhile('brand criteria', before.version);
        const after = (await brand.criteria(id))!;
        await recordAudit(tx, ctx, { action: 'update', entity: 'brand_criteria', entityId: id, before, after });
        return after;
      });
    },

    /** Publishing freezes the version; new applications are checked against it from now on. */
    async publishCriteria(ctx: RequestContext, id: string, expectedVersion: number): Promise<BrandCriteria> {
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const before = await brand.criteria(id, { forUpdate: true });
        if (!before) throw criteriaNotFound(id);
        if (before.status !== 'draft') throw conflict('BRAND_CRITERIA_NOT_DRAFT', 'This version is published already');
        if (!(await brand.updateCriteria(id, expectedVersion, { status: 'published', publishedAt: clock.now() }))) {
          throw changedMeanwhile('brand criteria', before.version);
        }
        const after = (await brand.criteria(id))!;
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'brand_criteria',
          entityId: id,
          changes: { status: { before: 'draft', after: 'published' } },
        });
        return after;
      });
    },

    // --- check and applications ---
    /** The live check of a cluster against the current criteria, with its evidence. */
    async check(clusterId: string): Promise<BrandCheck> {
      return checkIn(db, clusterId, await currentCriteriaIn(db));
    },

    listApplications: (query: BrandApplicationListQuery): Promise<BrandApplicationPage> => repo.applicationPage(query),

    async getApplication(id: string): Promise<BrandApplication> {
      const application = await repo.application(id);
      if (!application) throw applicationNotFound(id);
      return application;
    },

    /** Staff of the cluster's supporting partner apply (administrators may for any cluster). */
    async apply(ctx: RequestContext, clusterId: string): Promise<BrandApplication> {
      const actor = requireUser(ctx);
      return db.transaction(async (tx) => {
        const cluster = await createClusterService(tx, { clock }).get(clusterId);
        if (actor.role !== 'admin' && actor.partner !== cluster.partner) {
          throw new AppError(403, 'FORBIDDEN', `Only staff of ${cluster.partner}, the cluster's supporting partner, may apply for it`);
        }
        const criteria = await currentCriteriaIn(tx);
        const check = checkBrand(criteria, await factsIn(tx, cluster), today());
        const brand = createBrandRepo(tx);
        const id = await brand.insertApplication({
          clusterId,
          criteriaId: criteria.id,
          partner: cluster.partner,
          applicantId: actor.id,
          check,
        });
        const created = (await brand.application(id))!;
        await recordAudit(tx, ctx, {
          action: 'create',
          entity: 'brand_application',
          entityId: id,
          after: { clusterId, criteriaNumber: criteria.number, met: check.met, level: check.level },
        });
        return created;
      });
    },

    /**
     * The decision, by a coordinator (or administrator) of another partner than the applicant's,
     * who is not the applicant (four-eyes). An approval checks again, against the criteria the
     * application was made under, and needs every condition met; it makes the award.
     */
    async decide(ctx: RequestContext, id: string, expectedVersion: number, input: BrandDecision): Promise<BrandApplication> {
      const actor = requireUser(ctx);
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const application = await brand.application(id, { forUpdate: true });
        if (!application) throw applicationNotFound(id);
        if (actor.partner === application.partner || actor.id === application.applicantId) {
          throw new AppError(
            403,
            'BRAND_FOUR_EYES_REQUIRED',
            `A coordinator of another partner than ${application.partner} decides this application`,
          );
        }
        if (application.status !== 'pending') throw conflict('BRAND_APPLICATION_DECIDED', 'This application has been decided already');
        if (application.version !== expectedVersion) throw changedMeanwhile('brand application', application.version);
        const criteria = (await brand.criteria(application.criteriaId))!;
        const check = await checkIn(tx, application.clusterId, criteria);
        let awardId: string | null = null;
        if (input.decision === 'approve') {
          if (!check.met) {
            throw new AppError(
              422,
              'BRAND_CRITERIA_NOT_MET',
              `Not every criterion is met today: ${check.items
                .filter((i) => !i.met)
                .map((i) => i.dimension ?? i.kind)
                .join(', ')}`,
            );
          }
          const from = today();
          awardId = await brand.insertAward({
            certificateNumber: await brand.nextCertificateNumber(from.slice(0, 4)),
            clusterId: application.clusterId,
            applicationId: id,
            criteriaId: criteria.id,
            level: check.level,
            validFrom: from,
            // Valid for the criteria's months, the last day included: 3 June 2026 + 24 months → 2 June 2028.
            validUntil: shiftDay(shiftMonths(from, criteria.validityMonths), -1),
            renewal: await brand.hasAnyAward(application.clusterId),
          });
          const award = (await brand.award(awardId, from))!;
          await recordAudit(tx, ctx, { action: 'create', entity: 'brand_award', entityId: awardId, after: award });
        }
        const decided = await brand.decideApplication(id, expectedVersion, {
          status: input.decision === 'approve' ? 'approved' : 'rejected',
          check,
          decidedBy: actor.id,
          decidedAt: clock.now(),
          reason: input.reason,
          awardId,
        });
        if (!decided) throw changedMeanwhile('brand application', application.version);
        await recordAudit(tx, ctx, {
          action: 'update',
          entity: 'brand_application',
          entityId: id,
          changes: {
            status: { before: 'pending', after: input.decision === 'approve' ? 'approved' : 'rejected' },
            reason: { after: input.reason },
          },
        });
        return (await brand.application(id))!;
      });
    },

    // --- awards ---
    listAwards: (query: BrandAwardListQuery): Promise<BrandAwardPage> => repo.awardPage(query, today()),

    async getAward(id: string): Promise<BrandAward> {
      const award = await repo.award(id, today());
      if (!award) throw awardNotFound(id);
      return award;
    },

    /** Suspend, reinstate or revoke, with a reason; coordinators and administrators. */
    async act(ctx: RequestContext, id: string, expectedVersion: number, input: BrandAwardAction): Promise<BrandAward> {
      assertRole(ctx, ['admin', 'coordinator'], 'suspend, reinstate or revoke an award');
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const before = await brand.award(id, today(), { forUpdate: true });
        if (!before) throw awardNotFound(id);
        const rule = AWARD_ACTIONS[input.action];
        if (!rule.from.includes(before.state)) {
          throw conflict('BRAND_AWARD_TRANSITION_NOT_ALLOWED', `An award that is ${before.state} cannot be ${input.action}d`);
        }
        if (!(await brand.setAwardState(id, expectedVersion, rule.to, input.reason))) throw changedMeanwhile('brand award', before.version);
        await recordAudit(tx, ctx, {
          action: input.action === 'revoke' ? 'revoke' : 'update',
          entity: 'brand_award',
          entityId: id,
          changes: { state: { before: before.state, after: rule.to }, stateReason: { before: before.stateReason, after: input.reason } },
        });
        return (await brand.award(id, today()))!;
      });
    },

    /**
     * The periodic round: reminds the contacts of awards that end within 90 days (once per
     * award, in the contact's language, through the outbox). Returns what it did.
     */
    async dailyRound(): Promise<{ reminded: number }> {
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const day = today();
        let reminded = 0;
        for (const award of await brand.awardsToRemind(day, shiftDay(day, RENEWAL_REMINDER_DAYS), day)) {
          const contact = await contactOf(tx, award.clusterId);
          if (contact) {
            const name = pickLocalized(award.clusterName, contact.language)?.text ?? award.clusterSlug;
            await enqueueMail(tx, {
              kind: 'brand_renewal_reminder',
              source: { type: 'brand_award', id: award.id },
              recipient: contact.email,
              language: contact.language,
              ...REMINDER[contact.language](name, award.validUntil, award.certificateNumber),
            });
            reminded++;
          }
          // Marked also without a contact: the holders list shows the expiry to staff anyway.
          await brand.markReminded(award.id, clock.now());
        }
        return { reminded };
      });
    },

    /**
     * An award that rests on no criteria version: a brand the cluster carried before the criteria
     * existed (demo data, and what the migration makes of the former flag), valid 24 months.
     */
    async awardPredating(ctx: RequestContext, clusterId: string, note: string): Promise<BrandAward> {
      return db.transaction(async (tx) => {
        const brand = createBrandRepo(tx);
        const from = today();
        const id = await brand.insertAward({
          certificateNumber: await brand.nextCertificateNumber(from.slice(0, 4)),
          clusterId,
          validFrom: from,
          validUntil: shiftMonths(from, 24),
          note,
        });
        const award = (await brand.award(id, from))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'brand_award', entityId: id, after: award });
        return award;
      });
    },

    // --- public ---
    async verify(ref: string, baseUrl: string): Promise<{ verification: BrandVerification; award: BrandAward }> {
      const award = await repo.awardByRef(ref, today());
      if (!award) throw notFound('BRAND_CERTIFICATE_NOT_FOUND', `No brand certificate or cluster ${ref}`);
      return { verification: await verificationOf(award, baseUrl), award };
    },

    async holders(order: readonly Locale[], baseUrl: string): Promise<BrandHolder[]> {
      return (await repo.holders(today())).map((a) => {
        const link = `${baseUrl}/api/v1/public/brand/${encodeURIComponent(a.certificateNumber)}`;
        return {
          certificate: a.certificateNumber,
          slug: a.clusterSlug,
          name: pickLocalized(a.clusterName, order[0]!, order)?.text ?? a.clusterSlug,
          level: a.level,
          validFrom: a.validFrom,
          validUntil: a.validUntil,
          verifyUrl: link,
          badgeUrl: `${link}/badge.svg`,
        };
      });
    },

    /**
     * The brand's assets for download: the files of the newest published criteria version that
     * has any (a new version need not repeat the logos), and the usage guidelines it links to
     * while that publication is published.
     */
    async assets(baseUrl: string): Promise<BrandAssets> {
      const published = (await repo.criteriaList()).filter((c) => c.status === 'published');
      const files = await filesOf(
        db,
        'brand_criteria',
        published.map((c) => c.id),
      );
      const version = published.find((c) => files.get(c.id)!.length > 0) ?? published[0];
      if (!version) return { criteriaVersion: null, files: [], guidelines: null };
      const guidelinesId = version.guidelinesPublicationId ?? published.find((c) => c.guidelinesPublicationId)?.guidelinesPublicationId;
      let guidelines: BrandAssets['guidelines'] = null;
      if (guidelinesId && options.store) {
        const publication = await createPublicationService(db, { clock, store: options.store })
          .get(guidelinesId)
          .catch(() => undefined);
        if (publication?.status === 'published') {
          guidelines = {
            slug: publication.slug,
            title: publication.title,
            url: `${baseUrl}/api/v1/public/publications/${encodeURIComponent(publication.slug)}`,
          };
        }
      }
      const withBase = (url: string) => (url.startsWith('/') ? `${baseUrl}${url}` : url);
      return {
        criteriaVersion: version.number,
        files: files.get(version.id)!.map((f) => {
          const file = toPublicFile(f);
          return { ...file, url: withBase(file.url), thumbnailUrl: file.thumbnailUrl && withBase(file.thumbnailUrl) };
        }),
        guidelines,
      };
    },

    publicKey: () => signer(),
    keySet: async () => (await signer()).keySet(),

    /**
     * The brand's figures for the project indicators, in a reporting period: the holders on its
     * last day (today without one), the awards that start in it, and how many renew an earlier one.
     */
    async indicators(period: { from: IsoDate | null; to: IsoDate | null }) {
      const day = period.to && period.to < today() ? period.to : today();
      return repo.indicatorAwards(day, period.from, period.to);
    },

    async figures(): Promise<BrandFigures> {
      const { holders, years } = await repo.figures(today());
      return {
        holders: holders.length,
        holderNames: holders.map((h) => pickLocalized(h.name, 'en')?.text ?? h.slug),
        awardsPerYear: years,
      };
    },
  };
}
export type BrandService = ReturnType<typeof createBrandService>;
