import {
  EDITORS,
  IMAGE_FILE_TYPES,
  commercialRegisterKey,
  foldText,
  type ContactPerson,
  type StoredContactPerson,
  organisationConflicts,
  type ClusterMember,
  type ExistingRecord,
  type FieldError,
  type MembershipUpsert,
  type Organisation,
  type OrganisationCreateData,
  type OrganisationListQuery,
  type OrganisationUpdate,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit, assertRole } from '../auth/policy.js';
import { auditedUpdate, recordAudit } from '../audit/audit.repo.js';
import { coordinateColumns } from '../locations/locations.js';
import { createClusterRepo } from '../clusters/clusters.repo.js';
import { forgetFormerContacts } from '../digests/digests.service.js';
import type { FileStore } from '../files/file-store.js';
import { readsRecordFiles, removeFilesOf, type FileOwnerResolver } from '../files/files.service.js';
import { createOrganisationRepo, type OrganisationInsert } from './organisations.repo.js';

const organisationNotFound = (id: string) => notFound('ORGANISATION_NOT_FOUND', `No organisation with id ${id}`);
const clusterNotFound = (id: string) => notFound('CLUSTER_NOT_FOUND', `No cluster with id ${id}`);

const describe = (records: ExistingRecord[]) => records.map((r) => `"${r.name}" (${r.href})`).join(', ');

function duplicate(records: ExistingRecord[]): AppError {
  const reasons = [...new Set(records.map((r) => r.reason))].join(', ');
  return new AppError(
    409,
    'ORGANISATION_DUPLICATE',
    `An organisation with the same register number (${reasons}) exists: ${describe(records)}`,
    {
      existing: records,
    },
  );
}

function similarExists(records: ExistingRecord[]): AppError {
  return new AppError(
    409,
    'ORGANISATION_SIMILAR_EXISTS',
    `An organisation with a very similar name exists in the same city: ${describe(records)}. If it is a different one, send the request again with ?confirmDistinct=true`,
    { existing: records },
  );
}

function invalid(errors: FieldError[]): AppError {
  return new AppError(400, 'VALIDATION_FAILED', 'Some fields are not valid', { errors });
}

/**
 * Columns from the API's shape: the register entry is stored with its identity key, the contacts
 * as `withConsentRecords` made them.
 */
function toColumns(input: Partial<OrganisationCreateData>, contacts?: StoredContactPerson[]): Partial<OrganisationInsert> {
  const { commercialRegister, contacts: _sent, coordinates, ...fields } = input;
  const rest = { ...(contacts ? { ...fields, contacts } : fields), ...coordinateColumns(coordinates) };
  if (commercialRegister === undefined) return rest;
  return {
    ...rest,
    registerCourt: commercialRegister?.court ?? null,
    registerNumber: commercialRegister?.number ?? null,
    registerKey: commercialRegister ? commercialRegisterKey(commercialRegister.court, commercialRegister.number) : null,
  };
}

/**
 * Contacts are personal data: the audit trail records how many, not who, and for each (by
 * position) the date of its publication consent, so that recording or withdrawing one is seen.
 */
const audited = ({
  memberships: _m,
  missingTranslations: _t,
  location: _location,
  coordinatesSource: _source,
  contacts,
  ...organisation
}: Organisation) => ({
  ...organisation,
  contacts: contacts.length,
  consents: contacts.map((c) => (c.publicationConsent ? c.consentDate : null)),
});

/** The same person: the same e-mail address, or without one the same name. */
const samePerson = (a: { email: string | null; name: string }, b: { email: string | null; name: string }) =>
  a.email || b.email ? a.email === b.email : foldText(a.name) === foldText(b.name);

const consentOf = (c: { publicationConsent: boolean; consentDate: string | null; consentSource?: string | null }) =>
  JSON.stringify([
    c.publicationConsent,
    c.publicationConsent ? c.consentDate : null,
    c.publicationConsent ? (c.consentSource ?? null) : null,
  ]);

/**
 * Who may record a publication consent (which makes a person's details public through the
 * portals): administrators and coordinators for any organisation; a consultant for an
 * organisation in a cluster their partner looks after, or in none yet. Never an API key.
 */
function canRecordConsent(ctx: RequestContext, memberships: { partner: string }[]): boolean {
  const actor = ctx.actor;
  if (actor === null) return true;
  if (actor.kind !== 'user') return false;
  if (actor.role === 'admin' || actor.role === 'coordinator') return true;
  return actor.role === 'consultant' && (memberships.length === 0 || memberships.some((m) => m.partner === actor.partner));
}

/**
 * The contacts to store: a consent kept as it is keeps who recorded it; a consent recorded or
 * changed now needs its source and someone allowed to record it, and is stamped with them; a
 * withdrawal is stamped too. What the client sends as recorder and time is ignored.
 */
function withConsentRecords(
  ctx: RequestContext,
  before: StoredContactPerson[],
  contacts: ContactPerson[],
  memberships: { partner: string }[],
  now: string,
): StoredContactPerson[] {
  // "system" (no person: the demo loader or the platform itself) is shown translated by the admin app.
  const recorder = ctx.actor === null ? 'system' : ctx.actor.name;
  return contacts.map(({ consentRecordedBy: _by, consentRecordedAt: _at, ...c }, i) => {
    const earlier = before.find((b) => samePerson(b, c));
    const earlierConsent = earlier ? consentOf(earlier) : consentOf({ publicationConsent: false, consentDate: null });
    if (consentOf(c) === earlierConsent) {
      return earlier
        ? {
            ...c,
            consentSource: earlier.consentSource ?? null,
            consentRecordedBy: earlier.consentRecordedBy,
            consentRecordedAt: earlier.consentRecordedAt,
          }
        : { ...c, consentRecordedBy: null, consentRecordedAt: null };
    }
    if (!c.publicationConsent) return { ...c, consentDate: null, consentSource: null, consentRecordedBy: recorder, consentRecordedAt: now };
    if (!canRecordConsent(ctx, memberships)) {
      throw new AppError(
        403,
        'FORBIDDEN',
        'Only a coordinator, an administrator or a consultant of a partner that looks after the organisation may record a publication consent',
      );
    }
    if (!c.consentSource) {
      throw invalid([
        { pointer: `/body/contacts/${i}/consentSource`, code: 'consent_source_required', message: 'Say how the consent was given' },
      ]);
    }
    return { ...c, consentRecordedBy: recorder, consentRecordedAt: now };
  });
}

/**
 * The shared cross-field rules (the create body checks the same), on the record as it would be
 * after a change, as field errors of the body.
 */
const crossFieldErrors = (o: Pick<Organisation, 'type' | 'sizeClass' | 'employees' | 'region' | 'country'>): FieldError[] =>
  organisationConflicts(o).map((c) => ({ pointer: `/body/${c.field}`, code: c.code, message: c.message }));

/**
 * An organisation's logo: one image, public while the organisation may be shown to portals;
 * every editor changes it, as they change the organisation (the directory is joint).
 */
export const organisationLogoFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const organisation = await createOrganisationRepo(db).get(id);
  if (!organisation) return null;
  const edit = ctx.actor?.kind === 'user' && EDITORS.includes(ctx.actor.role);
  return { public: organisation.published, read: readsRecordFiles(ctx), edit, mediaTypes: IMAGE_FILE_TYPES, single: true };
};

/** Organisations and their memberships in clusters. Knows nothing of HTTP. */
export function createOrganisationService(db: Db, options: { store?: FileStore; clock?: Clock } = {}) {
  const repo = createOrganisationRepo(db);
  const now = () => (options.clock ?? systemClock).now().toISOString();

  return {
    list(ctx: RequestContext, query: OrganisationListQuery) {
      if (query.deleted) assertRole(ctx, ['admin'], 'list deleted organisations');
      return repo.list(query);
    },

    async get(id: string): Promise<Organisation> {
      const organisation = await repo.get(id);
      if (!organisation) throw organisationNotFound(id);
      return organisation;
    },

    /**
     * Refuses a duplicate: the same NIP, KRS or commercial register entry always; a very similar
     * name in the same city unless the caller confirms that it is a different organisation.
     */
    async create(ctx: RequestContext, input: OrganisationCreateData, options: { confirmDistinct?: boolean } = {}): Promise<Organisation> {
      const values = toColumns(input, withConsentRecords(ctx, [], input.contacts, [], now())) as OrganisationInsert;
      return db.transaction(async (tx) => {
        const organisations = createOrganisationRepo(tx);
        const same = await organisations.sameRegisterNumber(values);
        if (same.length) throw duplicate(same);
        if (!options.confirmDistinct && input.city) {
          const similar = await organisations.similarInCity(input.name, input.city);
          if (similar.length) throw similarExists(similar);
        }
        const id = await organisations.insert(values);
        const created = (await organisations.get(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'organisation', entityId: id, after: audited(created) });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: OrganisationUpdate): Promise<Organisation> {
      return db.transaction(async (tx) => {
        const organisations = createOrganisationRepo(tx);
        const before = await organisations.get(id);
        if (!before) throw organisationNotFound(id);
        const errors = crossFieldErrors({ ...before, ...patch });
        if (errors.length) throw invalid(errors);
        const values = toColumns(
          patch,
          patch.contacts && withConsentRecords(ctx, before.contacts, patch.contacts, before.memberships, now()),
        );
        const same = await organisations.sameRegisterNumber({ nip: patch.nip, krs: patch.krs, registerKey: values.registerKey }, id);
        if (same.length) throw duplicate(same);
        const after = await auditedUpdate(tx, ctx, {
          entity: 'organisation',
          what: 'organisation',
          id,
          before,
          write: () => organisations.update(id, expectedVersion, values),
          read: async () => (await organisations.get(id))!,
          audited,
        });
        if (patch.contacts) await forgetFormerContacts(tx, id, after.contacts);
        return after;
      });
    },

    /** Soft delete: gone from lists, search, member lists and the public API at once. */
    async remove(ctx: RequestContext, id: string): Promise<void> {
      const { store } = options;
      // Without the store the logo's bytes would outlive the organisation.
      if (!store) throw new Error('Deleting an organisation needs the file store');
      const removeBytes = await db.transaction(async (tx) => {
        const organisations = createOrganisationRepo(tx);
        const before = await organisations.get(id);
        if (!before || !(await organisations.softDelete(id))) throw organisationNotFound(id);
        await recordAudit(tx, ctx, { action: 'delete', entity: 'organisation', entityId: id, before: audited(before) });
        return removeFilesOf(tx, ctx, store, 'organisation_logo', id);
      });
      await removeBytes();
    },

    /** Brings a deleted organisation back, unless another one with its register number exists meanwhile. */
    async restore(ctx: RequestContext, id: string): Promise<Organisation> {
      assertRole(ctx, ['admin'], 'restore deleted organisations');
      return db.transaction(async (tx) => {
        const organisations = createOrganisationRepo(tx);
        const row = await organisations.row(id, { includeDeleted: true });
        if (!row) throw organisationNotFound(id);
        if (row.deletedAt) {
          const same = await organisations.sameRegisterNumber(row, id);
          if (same.length) throw duplicate(same);
          await organisations.restore(id);
          await recordAudit(tx, ctx, {
            action: 'restore',
            entity: 'organisation',
            entityId: id,
            changes: { deletedAt: { before: row.deletedAt.toISOString(), after: null } },
          });
        }
        return (await organisations.get(id))!;
      });
    },

    /**
     * Adds an organisation to a cluster or changes its role; whoever may change the cluster may
     * change its members. Answers the member and whether the membership is new.
     */
    async putMembership(
      ctx: RequestContext,
      clusterId: string,
      organisationId: string,
      input: Required<MembershipUpsert>,
    ): Promise<{ member: ClusterMember; created: boolean }> {
      return db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx);
        const organisations = createOrganisationRepo(tx);
        const cluster = await clusters.get(clusterId);
        if (!cluster) throw clusterNotFound(clusterId);
        assertCanEdit(ctx, cluster);
        if (!(await organisations.row(organisationId))) throw organisationNotFound(organisationId);
        const before = await organisations.membership(clusterId, organisationId);
        await organisations.upsertMembership({ clusterId, organisationId, role: input.role, since: input.since });
        const after = { clusterId, organisationId, role: input.role, since: input.since };
        await recordAudit(tx, ctx, {
          action: before ? 'update' : 'create',
          entity: 'membership',
          entityId: clusterId,
          ...(before ? { before: { clusterId, organisationId, role: before.role, since: before.since } } : {}),
          after,
        });
        const member = (await clusters.members(clusterId)).find((m) => m.organisationId === organisationId)!;
        return { member, created: !before };
      });
    },

    async removeMembership(ctx: RequestContext, clusterId: string, organisationId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const clusters = createClusterRepo(tx);
        const organisations = createOrganisationRepo(tx);
        const cluster = await clusters.get(clusterId);
        if (!cluster) throw clusterNotFound(clusterId);
        assertCanEdit(ctx, cluster);
        const before = await organisations.membership(clusterId, organisationId);
        if (!before || !(await organisations.deleteMembership(clusterId, organisationId))) {
          throw notFound('MEMBERSHIP_NOT_FOUND', `The organisation ${organisationId} is not a member of the cluster ${clusterId}`);
        }
        await recordAudit(tx, ctx, {
          action: 'delete',
          entity: 'membership',
          entityId: clusterId,
          before: { clusterId, organisationId, role: before.role, since: before.since },
        });
      });
    },
  };
}
export type OrganisationService = ReturnType<typeof createOrganisationService>;
