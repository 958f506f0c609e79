import { aliasedTable, and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import {
  isOverdue,
  OPEN_STATUSES,
  type ConsultingCounts,
  type ConsultingListQuery,
  type ConsultingRequest,
  type ConsultingStatus,
  type ConsultingTimelineEntry,
  type PartnerCode,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { atMicros, cursorCodec, key, keysetPage, microsOf } from '../../db/cursor.js';
import { containsPattern, sameEmail } from '../../db/sql.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { organisationsTable } from '../organisations/organisations.table.js';
import { usersTable } from '../users/users.table.js';
import {
  consultingEventsTable,
  consultingReferenceCountersTable,
  consultingRemindersTable,
  consultingRequesterFilesTable,
  consultingRequestsTable,
  consultingStatusLinksTable,
  partnerMailboxesTable,
} from './consulting.table.js';

export type RequestRow = typeof consultingRequestsTable.$inferSelect;
export type RequestInsert = typeof consultingRequestsTable.$inferInsert;
export type EventInsert = typeof consultingEventsTable.$inferInsert;

/** Whom a reader may see: everything, or (consultants) their partner's and their own. */
/** Which requests a caller reads: all, or those of one partner and those assigned to one user (null: none). */
export type Visibility = { all: true } | { all: false; partner: PartnerCode | null; userId: string | null };

const assignee = aliasedTable(usersTable, 'assignee');
const eventAssignee = aliasedTable(usersTable, 'event_assignee');

const requestColumns = { ...getTableColumns(consultingRequestsTable), assigneeName: assignee.name };

export function toRequest(row: RequestRow & { assigneeName: string | null }, today: string): ConsultingRequest {
  const firstRespondedAt = row.firstRespondedAt?.toISOString() ?? null;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    source: row.source,
    requesterName: row.requesterName,
    requesterEmail: row.requesterEmail,
    organisationName: row.organisationName,
    organisationId: row.organisationId,
    clusterId: row.clusterId,
    profileId: row.profileId,
    country: row.country,
    language: row.language,
    topic: row.topic,
    message: row.message,
    consentTextVersion: row.consentTextVersion,
    partner: row.partner,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    outcome: row.outcome,
    firstResponseDueOn: row.firstResponseDueOn,
    firstRespondedAt,
    overdue: isOverdue({ status: row.status, firstRespondedAt, firstResponseDueOn: row.firstResponseDueOn }, today),
    anonymisedAt: row.anonymisedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function visibleTo(v: Visibility): SQL | undefined {
  if (v.all) return undefined;
  const own = [
    v.partner !== null ? eq(consultingRequestsTable.partner, v.partner) : undefined,
    v.userId !== null ? eq(consultingRequestsTable.assigneeId, v.userId) : undefined,
  ].filter((c) => c !== undefined);
  return own.length ? or(...own) : sql`false`;
}

const openSql = inArray(consultingRequestsTable.status, [...OPEN_STATUSES]);
const overdueSql = (today: string) =>
  and(openSql, isNull(consultingRequestsTable.firstRespondedAt), lt(consultingRequestsTable.firstResponseDueOn, today));

/** Newest first: (createdAt, id). */
const cursor = cursorCodec(key.micros, key.uuid);

export function createConsultingRepo(db: Db) {
  return {
    /** The next reference of a year: counted in the database, so two processes never give out the same. */
    async nextReference(year: number): Promise<string> {
      const [row] = await db
        .insert(consultingReferenceCountersTable)
        .values({ year, last: 1 })
        .onConflictDoUpdate({
          target: consultingReferenceCountersTable.year,
          set: { last: sql`${consultingReferenceCountersTable.last} + 1` },
        })
        .returning({ last: consultingReferenceCountersTable.last });
      return `EURN-${year}-${String(row!.last).padStart(5, '0')}`;
    },

    /** Serialises submissions with the same content (or key) until the transaction ends. */
    async lock(key: string): Promise<void> {
      await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    },

    /** Within one partner only: the answer is that partner's reference, never another's. */
    async findRecentByHash(hash: string, partner: PartnerCode, since: Date): Promise<RequestRow | undefined> {
      const [row] = await db
        .select()
        .from(consultingRequestsTable)
        .where(
          and(
            eq(consultingRequestsTable.contentHash, hash),
            eq(consultingRequestsTable.partner, partner),
            sql`${consultingRequestsTable.createdAt} >= ${since.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(asc(consultingRequestsTable.createdAt))
        .limit(1);
      return row;
    },

    async findByIdempotencyKey(apiKeyId: string, key: string): Promise<RequestRow | undefined> {
      const [row] = await db
        .select()
        .from(consultingRequestsTable)
        .where(and(eq(consultingRequestsTable.apiKeyId, apiKeyId), eq(consultingRequestsTable.idempotencyKey, key)));
      return row;
    },

    async insert(values: RequestInsert): Promise<RequestRow> {
      const [row] = await db.insert(consultingRequestsTable).values(values).returning();
      return row!;
    },

    /** Events carry the app's time, so that waiting times and the timeline agree with its clock. */
    async addEvent(values: EventInsert & { at: Date }): Promise<void> {
      await db.insert(consultingEventsTable).values(values);
    },

    /** The row, locked for the rest of the transaction when `forUpdate`. */
    async row(id: string, forUpdate = false): Promise<RequestRow | undefined> {
      const query = db.select().from(consultingRequestsTable).where(eq(consultingRequestsTable.id, id));
      const [row] = forUpdate ? await query.for('update') : await query;
      return row;
    },

    async get(id: string, visibility: Visibility, today: string): Promise<ConsultingRequest | undefined> {
      const [row] = await db
        .select(requestColumns)
        .from(consultingRequestsTable)
        .leftJoin(assignee, eq(assignee.id, consultingRequestsTable.assigneeId))
        .where(and(eq(consultingRequestsTable.id, id), visibleTo(visibility)));
      return row ? toRequest(row, today) : undefined;
    },

    async update(id: string, values: Partial<RequestInsert>): Promise<void> {
      await db
        .update(consultingRequestsTable)
        .set({ ...values, version: sql`${consultingRequestsTable.version} + 1`, updatedAt: sql`now()` })
        .where(eq(consultingRequestsTable.id, id));
    },

    async timeline(requestId: string): Promise<ConsultingTimelineEntry[]> {
      const rows = await db
        .select({ event: consultingEventsTable, assigneeName: eventAssignee.name })
        .from(consultingEventsTable)
        .leftJoin(eventAssignee, eq(eventAssignee.id, consultingEventsTable.assigneeId))
        .where(eq(consultingEventsTable.requestId, requestId))
        .orderBy(asc(consultingEventsTable.id));
      return rows.map(({ event: e, assigneeName }) => ({
        id: e.id.toString(),
        at: e.at.toISOString(),
        kind: e.kind,
        actorId: e.actorId,
        actorLabel: e.actorLabel,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        body: e.body,
        outcome: e.outcome,
        partner: e.partner,
        assigneeName,
        files: e.files ?? [],
      }));
    },

    /** The files of a request its requester sees, with why: they attached it, or staff showed it. */
    async requesterFiles(requestId: string): Promise<{ fileId: string; reason: 'uploaded' | 'shared' }[]> {
      const f = consultingRequesterFilesTable;
      return db.select({ fileId: f.fileId, reason: f.reason }).from(f).where(eq(f.requestId, requestId)).orderBy(asc(f.at), asc(f.fileId));
    },

    async addRequesterFiles(requestId: string, fileIds: readonly string[], reason: 'uploaded' | 'shared', at: Date): Promise<void> {
      if (!fileIds.length) return;
      await db
        .insert(consultingRequesterFilesTable)
        .values(fileIds.map((fileId) => ({ fileId, requestId, reason, at })))
        .onConflictDoNothing();
    },

    async unshareFiles(requestId: string, keep: readonly string[]): Promise<void> {
      const f = consultingRequesterFilesTable;
      const where = [eq(f.requestId, requestId), eq(f.reason, 'shared')];
      if (keep.length) where.push(notInArray(f.fileId, [...keep]));
      await db.delete(f).where(and(...where));
    },

    async list(query: ConsultingListQuery, visibility: Visibility, me: string | null, today: string) {
      const t = consultingRequestsTable;
      const where: (SQL | undefined)[] = [visibleTo(visibility)];
      if (query.status?.length) where.push(inArray(t.status, query.status));
      if (query.topic?.length) where.push(inArray(t.topic, query.topic));
      if (query.partner) where.push(eq(t.partner, query.partner));
      if (query.assignee === 'none') where.push(isNull(t.assigneeId));
      else if (query.assignee === 'me') where.push(me ? eq(t.assigneeId, me) : sql`false`);
      else if (query.assignee) where.push(eq(t.assigneeId, query.assignee));
      if (query.overdue === true) where.push(overdueSql(today));
      if (query.overdue === false) where.push(sql`NOT (${overdueSql(today)})`);
      if (query.open === true) where.push(openSql);
      if (query.open === false) where.push(sql`NOT (${openSql})`);
      if (query.q) {
        const like = containsPattern(query.q);
        where.push(
          or(ilike(t.reference, like), ilike(t.requesterName, like), ilike(t.requesterEmail, like), ilike(t.organisationName, like)),
        );
      }
      if (query.cursor) {
        const [at, id] = cursor.decode(query.cursor);
        where.push(sql`(${t.createdAt}, ${t.id}) < (${atMicros(at)}, ${id}::uuid)`);
      }
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...requestColumns, at: microsOf(t.createdAt) })
            .from(t)
            .leftJoin(assignee, eq(assignee.id, t.assigneeId))
            .where(and(...where))
            .orderBy(desc(t.createdAt), desc(t.id))
            .limit(rowLimit),
        (last) => cursor.encode([last.at, last.id]),
        (r) => toRequest(r, today),
      );
    },

    async counts(visibility: Visibility, today: string): Promise<ConsultingCounts> {
      const t = consultingRequestsTable;
      const rows = await db
        .select({
          status: t.status,
          n: sql<number>`count(*)::int`,
          overdue: sql<number>`count(*) FILTER (WHERE ${overdueSql(today)})::int`,
        })
        .from(t)
        .where(visibleTo(visibility))
        .groupBy(t.status);
      const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<Record<ConsultingStatus, number>>;
      return {
        open: rows.filter((r) => OPEN_STATUSES.includes(r.status)).reduce((s, r) => s + r.n, 0),
        overdue: rows.reduce((s, r) => s + r.overdue, 0),
        byStatus,
      };
    },

    /** Active staff who can take requests, with their open requests now. */
    async assigneeCandidates() {
      return queryRows<{ id: string; name: string; partner: PartnerCode; role: string; open: number }>(
        db,
        sql`SELECT u.id, u.name, u.partner, u.role,
                   (SELECT count(*)::int FROM consulting_requests r
                     WHERE r.assignee_id = u.id AND r.status IN ('assigned', 'in_progress', 'waiting_for_requester')) AS open
            FROM users u WHERE u.status = 'active' AND u.role = 'consultant'`,
      );
    },

    /** The account a request would be given to, whatever its state (the service judges it). */
    async assignee(id: string) {
      const [user] = await db.select().from(usersTable).where(eq(usersTable.id, id));
      return user;
    },

    async organisationExists(id: string): Promise<boolean> {
      const [org] = await db.select({ id: organisationsTable.id }).from(organisationsTable).where(eq(organisationsTable.id, id));
      return org !== undefined;
    },

    async clusterExists(id: string): Promise<boolean> {
      const [cluster] = await db.select({ id: clustersTable.id }).from(clustersTable).where(eq(clustersTable.id, id));
      return cluster !== undefined;
    },

    async insertLink(values: typeof consultingStatusLinksTable.$inferInsert): Promise<void> {
      await db.insert(consultingStatusLinksTable).values(values);
    },

    /** The request a link opens, while the link is neither revoked nor expired at `now`. */
    async requestOfLink(tokenHash: string, now: Date): Promise<string | undefined> {
      const l = consultingStatusLinksTable;
      const [row] = await db
        .select({ requestId: l.requestId })
        .from(l)
        .where(
          and(
            eq(l.tokenHash, tokenHash),
            isNull(l.revokedAt),
            or(isNull(l.expiresAt), sql`${l.expiresAt} > ${now.toISOString()}::timestamptz`),
          ),
        );
      return row?.requestId;
    },

    /** Answers how many links stopped working. */
    async revokeLinks(requestId: string, now: Date): Promise<number> {
      const l = consultingStatusLinksTable;
      const rows = await db
        .update(l)
        .set({ revokedAt: now })
        .where(and(eq(l.requestId, requestId), isNull(l.revokedAt)))
        .returning({ id: l.id });
      return rows.length;
    },

    /** From the closing of a request on, its links count down to `at`. */
    async expireLinks(requestId: string, at: Date): Promise<void> {
      const l = consultingStatusLinksTable;
      await db
        .update(l)
        .set({ expiresAt: at })
        .where(and(eq(l.requestId, requestId), isNull(l.expiresAt)));
    },

    /** What the requester sees: the replies staff sent them and their own answers, oldest first. */
    async conversation(requestId: string) {
      const e = consultingEventsTable;
      return db
        .select({ at: e.at, kind: e.kind, body: e.body, files: e.files })
        .from(e)
        .where(and(eq(e.requestId, requestId), inArray(e.kind, ['reply', 'requester_reply']), sql`${e.body} IS NOT NULL`))
        .orderBy(asc(e.id));
    },

    async mailboxes(): Promise<(typeof partnerMailboxesTable.$inferSelect)[]> {
      return db.select().from(partnerMailboxesTable);
    },

    async mailbox(partner: PartnerCode): Promise<typeof partnerMailboxesTable.$inferSelect | undefined> {
      const [row] = await db.select().from(partnerMailboxesTable).where(eq(partnerMailboxesTable.partner, partner)).for('update');
      return row;
    },

    async saveMailbox(
      partner: PartnerCode,
      values: { replyTo: string | null; escalationDays: number | null; waitingCloseDays: number | null },
    ): Promise<void> {
      const m = partnerMailboxesTable;
      await db
        .insert(m)
        .values({ partner, ...values })
        .onConflictDoUpdate({ target: m.partner, set: { ...values, version: sql`${m.version} + 1`, updatedAt: sql`now()` } });
    },

    /** The active coordinators of a partner: they hear of what its consultants leave lying. */
    async coordinatorsOf(partner: PartnerCode) {
      return db
        .select({ id: usersTable.id, name: usersTable.name, email: usersTable.email, language: usersTable.language })
        .from(usersTable)
        .where(and(eq(usersTable.partner, partner), eq(usersTable.role, 'coordinator'), eq(usersTable.status, 'active')))
        .orderBy(asc(usersTable.email));
    },

    /** Open requests still without a first answer whose first-response day lies before `day`. */
    async overdueBefore(day: string): Promise<RequestRow[]> {
      return db.select().from(consultingRequestsTable).where(overdueSql(day)).orderBy(asc(consultingRequestsTable.createdAt));
    },

    /** Takes a reminder step for a request; false when it was taken before (by this or another worker). */
    async claimReminder(requestId: string, step: 'assignee' | 'coordinator', at: Date): Promise<boolean> {
      const rows = await db
        .insert(consultingRemindersTable)
        .values({ requestId, step, at })
        .onConflictDoNothing()
        .returning({ requestId: consultingRemindersTable.requestId });
      return rows.length > 0;
    },

    /**
     * Requests that have waited for the requester (since the last move into that state) longer
     * than their partner's closing delay, or `defaultDays` where the partner set none; with the
     * delay that applied.
     */
    async waitingTooLong(now: Date, defaultDays: number): Promise<{ id: string; days: number }[]> {
      return queryRows<{ id: string; days: number }>(
        db,
        sql`SELECT r.id, w.days FROM consulting_requests r
            LEFT JOIN partner_mailboxes m ON m.partner = r.partner
            CROSS JOIN LATERAL (SELECT coalesce(m.waiting_close_days, ${defaultDays}::int) AS days) w
            WHERE r.status = 'waiting_for_requester'
              AND (SELECT max(e.at) FROM consulting_events e
                    WHERE e.request_id = r.id AND e.to_status = 'waiting_for_requester')
                  < ${now.toISOString()}::timestamptz - make_interval(days => w.days)
            ORDER BY r.created_at`,
      );
    },

    async byEmail(email: string): Promise<RequestRow[]> {
      return db
        .select()
        .from(consultingRequestsTable)
        .where(sameEmail(consultingRequestsTable.requesterEmail, email))
        .orderBy(asc(consultingRequestsTable.createdAt));
    },
  };
}
export type ConsultingRepo = ReturnType<typeof createConsultingRepo>;
