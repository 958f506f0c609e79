import { and, asc, desc, eq, getTableColumns, isNull, sql, type SQL } from 'drizzle-orm';
import {
  brandValidity,
  type BrandApplication,
  type BrandApplicationListQuery,
  type BrandAward,
  type BrandAwardListQuery,
  type BrandCriteria,
  type BrandValidity,
  type IsoDate,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { keysetPage, microsOf, newestFirst } from '../../db/cursor.js';
import { allOf } from '../../db/sql.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { brandApplicationsTable, brandAwardsTable, brandCriteriaTable, brandSigningKeysTable } from './brand.table.js';

type CriteriaRow = typeof brandCriteriaTable.$inferSelect;
export type CriteriaInsert = Omit<typeof brandCriteriaTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;
export type AwardInsert = Omit<typeof brandAwardsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;
type ApplicationInsert = Omit<typeof brandApplicationsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export function toCriteria(r: CriteriaRow): BrandCriteria {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    name: r.name,
    text: r.text,
    conditions: r.conditions,
    levels: r.levels,
    validityMonths: r.validityMonths,
    guidelinesPublicationId: r.guidelinesPublicationId,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const holder = {
  clusterSlug: clustersTable.slug,
  clusterName: clustersTable.name,
  partner: clustersTable.partner,
};

const awardColumns = {
  ...getTableColumns(brandAwardsTable),
  ...holder,
  criteriaNumber: brandCriteriaTable.number,
  criteriaLevels: brandCriteriaTable.levels,
  createdMicros: microsOf(brandAwardsTable.createdAt),
};
type ClusterRow = typeof clustersTable.$inferSelect;
type AwardRow = typeof brandAwardsTable.$inferSelect & {
  clusterSlug: string;
  clusterName: ClusterRow['name'];
  partner: ClusterRow['partner'];
  criteriaNumber: number | null;
  criteriaLevels: CriteriaRow['levels'] | null;
  createdMicros: number;
};

function toAward(r: AwardRow, today: IsoDate): BrandAward {
  return {
    id: r.id,
    certificateNumber: r.certificateNumber,
    clusterId: r.clusterId,
    clusterSlug: r.clusterSlug,
    clusterName: r.clusterName,
    partner: r.partner,
    level: r.level,
    levelLabel: r.criteriaLevels?.find((l) => l.key === r.level)?.label ?? null,
    criteriaNumber: r.criteriaNumber,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    state: r.state,
    validity: brandValidity(r, today),
    stateReason: r.stateReason,
    note: r.note,
    applicationId: r.applicationId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The SQL condition of a validity on a day (see `brandValidity`). */
function validityCondition(validity: BrandValidity, today: IsoDate): SQL {
  const a = brandAwardsTable;
  if (validity === 'valid') return sql`(${a.state} = 'active' AND ${a.validUntil} >= ${today}::date)`;
  if (validity === 'expired') return sql`(${a.state} = 'active' AND ${a.validUntil} < ${today}::date)`;
  return eq(a.state, validity);
}

const applicationColumns = {
  ...getTableColumns(brandApplicationsTable),
  clusterName: clustersTable.name,
  criteriaNumber: brandCriteriaTable.number,
  createdMicros: microsOf(brandApplicationsTable.createdAt),
};
type ApplicationRow = typeof brandApplicationsTable.$inferSelect & {
  clusterName: ClusterRow['name'];
  criteriaNumber: number;
  createdMicros: number;
};

function toApplication(r: ApplicationRow): BrandApplication {
  return {
    id: r.id,
    clusterId: r.clusterId,
    clusterName: r.clusterName,
    partner: r.partner,
    criteriaId: r.criteriaId,
    criteriaNumber: r.criteriaNumber,
    applicantId: r.applicantId,
    status: r.status,
    check: r.check,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    awardId: r.awardId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export function createBrandRepo(db: Db) {
  const awards = () =>
    db
      .select(awardColumns)
      .from(brandAwardsTable)
      .innerJoin(clustersTable, eq(clustersTable.id, brandAwardsTable.clusterId))
      .leftJoin(brandCriteriaTable, eq(brandCriteriaTable.id, brandAwardsTable.criteriaId));
  const applications = () =>
    db
      .select(applicationColumns)
      .from(brandApplicationsTable)
      .innerJoin(clustersTable, eq(clustersTable.id, brandApplicationsTable.clusterId))
      .innerJoin(brandCriteriaTable, eq(brandCriteriaTable.id, brandApplicationsTable.criteriaId));

  return {
    // --- criteria ---
    async criteriaList(): Promise<BrandCriteria[]> {
      return (await db.select().from(brandCriteriaTable).orderBy(desc(brandCriteriaTable.number))).map(toCriteria);
    },
    async criteria(id: string, options: { forUpdate?: boolean } = {}): Promise<BrandCriteria | undefined> {
      const q = db.select().from(brandCriteriaTable).where(eq(brandCriteriaTable.id, id));
      const [row] = await (options.forUpdate ? q.for('update') : q);
      return row && toCriteria(row);
    },
    /** The newest published version: the one new applications are checked against. */
    async currentCriteria(): Promise<BrandCriteria | undefined> {
      const [row] = await db
        .select()
        .from(brandCriteriaTable)
        .where(eq(brandCriteriaTable.status, 'published'))
        .orderBy(desc(brandCriteriaTable.number))
        .limit(1);
      return row && toCriteria(row);
    },
    async nextCriteriaNumber(): Promise<number> {
      const [row] = await queryRows<{ n: number }>(db, sql`SELECT coalesce(max(number), 0) + 1 AS n FROM brand_criteria`);
      return Number(row!.n);
    },
    async hasDraft(): Promise<boolean> {
      return (
        (await db.select({ id: brandCriteriaTable.id }).from(brandCriteriaTable).where(eq(brandCriteriaTable.status, 'draft'))).length > 0
      );
    },
    async insertCriteria(values: CriteriaInsert): Promise<string> {
      const [row] = await db.insert(brandCriteriaTable).values(values).returning({ id: brandCriteriaTable.id });
      return row!.id;
    },
    async updateCriteria(id: string, expectedVersion: number, values: Partial<CriteriaInsert>): Promise<boolean> {
      const rows = await db
        .update(brandCriteriaTable)
        .set({ ...values, version: sql`${brandCriteriaTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(brandCriteriaTable.id, id), eq(brandCriteriaTable.version, expectedVersion)))
        .returning({ id: brandCriteriaTable.id });
      return rows.length > 0;
    },

    // --- applications ---
    async application(id: string, options: { forUpdate?: boolean } = {}): Promise<BrandApplication | undefined> {
      const q = applications().where(eq(brandApplicationsTable.id, id));
      const [row] = await (options.forUpdate ? q.for('update', { of: brandApplicationsTable }) : q);
      return row && toApplication(row);
    },
    async applicationPage(query: BrandApplicationListQuery) {
      const t = brandApplicationsTable;
      const where: SQL[] = [];
      if (query.status) where.push(eq(t.status, query.status));
      if (query.clusterId) where.push(eq(t.clusterId, query.clusterId));
      const order = newestFirst(t.createdAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (limit) =>
          applications()
            .where(allOf(where))
            .orderBy(...order.orderBy)
            .limit(limit)
            .then((rows) => rows),
        (last) => order.cursorOf(last.createdMicros, last.id),
        toApplication,
      );
    },
    async insertApplication(values: ApplicationInsert): Promise<string> {
      const [row] = await db.insert(brandApplicationsTable).values(values).returning({ id: brandApplicationsTable.id });
      return row!.id;
    },
    async decideApplication(
      id: string,
      expectedVersion: number,
      values: Pick<ApplicationInsert, 'status' | 'check' | 'decidedBy' | 'decidedAt' | 'reason' | 'awardId'>,
    ): Promise<boolean> {
      const rows = await db
        .update(brandApplicationsTable)
        .set({ ...values, version: sql`${brandApplicationsTable.version} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            eq(brandApplicationsTable.id, id),
            eq(brandApplicationsTable.version, expectedVersion),
            eq(brandApplicationsTable.status, 'pending'),
          ),
        )
        .returning({ id: brandApplicationsTable.id });
      return rows.length > 0;
    },

    // --- awards ---
    async award(id: string, today: IsoDate, options: { forUpdate?: boolean } = {}): Promise<BrandAward | undefined> {
      const q = awards().where(eq(brandAwardsTable.id, id));
      const [row] = await (options.forUpdate ? q.for('update', { of: brandAwardsTable }) : q);
      return row && toAward(row, today);
    },
    /**
     * The award a public reference means: a certificate number, or a cluster's slug (then its
     * valid award, else the one that started last). Deleted clusters hold none.
     */
    async awardByRef(ref: string, today: IsoDate): Promise<BrandAward | undefined> {
      const [byNumber] = await awards().where(and(eq(brandAwardsTable.certificateNumber, ref), isNull(clustersTable.deletedAt)));
      if (byNumber) return toAward(byNumber, today);
      const [bySlug] = await awards()
        .where(and(eq(clustersTable.slug, ref), isNull(clustersTable.deletedAt)))
        .orderBy(sql`${validityCondition('valid', today)} DESC`, desc(brandAwardsTable.validFrom), desc(brandAwardsTable.createdAt))
        .limit(1);
      return bySlug && toAward(bySlug, today);
    },
    async awardPage(query: BrandAwardListQuery, today: IsoDate) {
      const t = brandAwardsTable;
      const where: SQL[] = [isNull(clustersTable.deletedAt)];
      if (query.validity) where.push(validityCondition(query.validity, today));
      if (query.clusterId) where.push(eq(t.clusterId, query.clusterId));
      const order = newestFirst(t.createdAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (limit) =>
          awards()
            .where(allOf(where))
            .orderBy(...order.orderBy)
            .limit(limit)
            .then((rows) => rows),
        (last) => order.cursorOf(last.createdMicros, last.id),
        (row) => toAward(row, today),
      );
    },
    /** Valid awards of published clusters, by expiry: the public list of holders. */
    async holders(today: IsoDate): Promise<BrandAward[]> {
      const rows = await awards()
        .where(and(validityCondition('valid', today), isNull(clustersTable.deletedAt), eq(clustersTable.published, true)))
        .orderBy(asc(clustersTable.slug), desc(brandAwardsTable.validUntil));
      return rows.map((r) => toAward(r, today));
    },
    async hasAnyAward(clusterId: string): Promise<boolean> {
      const rows = await db
        .select({ id: brandAwardsTable.id })
        .from(brandAwardsTable)
        .where(eq(brandAwardsTable.clusterId, clusterId))
        .limit(1);
      return rows.length > 0;
    },
    /** The next number of the year: EURN-B-2026-0001, -0002, … */
    async nextCertificateNumber(year: string): Promise<string> {
      const prefix = `EURN-B-${year}-`;
      // The number after the prefix; `::int` on the position, or PostgreSQL reads a text
      // parameter as the pattern of substring's regular-expression form.
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`SELECT coalesce(max(substring(certificate_number FROM ${prefix.length + 1}::int)::int), 0) + 1 AS n
              FROM brand_awards WHERE certificate_number ~ ${`^${prefix}[0-9]+$`}`,
      );
      return `${prefix}${String(Number(row!.n)).padStart(4, '0')}`;
    },
    async insertAward(values: AwardInsert): Promise<string> {
      const [row] = await db.insert(brandAwardsTable).values(values).returning({ id: brandAwardsTable.id });
      return row!.id;
    },
    async setAwardState(id: string, expectedVersion: number, state: BrandAward['state'], reason: string): Promise<boolean> {
      const rows = await db
        .update(brandAwardsTable)
        .set({ state, stateReason: reason, version: sql`${brandAwardsTable.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(brandAwardsTable.id, id), eq(brandAwardsTable.version, expectedVersion)))
        .returning({ id: brandAwardsTable.id });
      return rows.length > 0;
    },
    /** Active awards that end between the two days and whose reminder has not gone out. */
    async awardsToRemind(from: IsoDate, until: IsoDate, today: IsoDate): Promise<BrandAward[]> {
      const rows = await awards()
        .where(
          and(
            eq(brandAwardsTable.state, 'active'),
            isNull(brandAwardsTable.remindedAt),
            isNull(clustersTable.deletedAt),
            sql`${brandAwardsTable.validUntil} BETWEEN ${from}::date AND ${until}::date`,
          ),
        )
        .orderBy(asc(brandAwardsTable.validUntil))
        .for('update', { of: brandAwardsTable, skipLocked: true });
      return rows.map((r) => toAward(r, today));
    },
    async markReminded(id: string, at: Date): Promise<void> {
      await db.update(brandAwardsTable).set({ remindedAt: at }).where(eq(brandAwardsTable.id, id));
    },
    /**
     * The awards behind the brand indicators: those valid on `holdersOn` (one per cluster, the
     * latest), and those that start between `from` and `to` (open ends unbounded).
     */
    async indicatorAwards(holdersOn: IsoDate, from: IsoDate | null, to: IsoDate | null) {
      const columns = sql`a.id, a.certificate_number AS "certificateNumber", a.valid_from::text AS "validFrom", a.renewal,
        c.name, c.partner, c.countries`;
      type Row = {
        id: string;
        certificateNumber: string;
        validFrom: IsoDate;
        renewal: boolean;
        name: ClusterRow['name'];
        partner: ClusterRow['partner'];
        countries: string[];
      };
      const holders = await queryRows<Row>(
        db,
        sql`SELECT * FROM (
              SELECT DISTINCT ON (c.id) ${columns} FROM brand_awards a JOIN clusters c ON c.id = a.cluster_id
               WHERE c.deleted_at IS NULL AND a.state = 'active' AND a.valid_from <= ${holdersOn}::date AND a.valid_until >= ${holdersOn}::date
               ORDER BY c.id, a.valid_from DESC, a.id) h
             ORDER BY "validFrom", id`,
      );
      const started = await queryRows<Row>(
        db,
        sql`SELECT ${columns} FROM brand_awards a JOIN clusters c ON c.id = a.cluster_id
             WHERE c.deleted_at IS NULL
               ${from ? sql`AND a.valid_from >= ${from}::date` : sql``} ${to ? sql`AND a.valid_from <= ${to}::date` : sql``}
             ORDER BY a.valid_from, a.id`,
      );
      return { holders, started };
    },
    async figures(today: IsoDate) {
      const holders = await queryRows<{ name: BrandAward['clusterName']; slug: string }>(
        db,
        sql`SELECT DISTINCT c.slug, c.name FROM brand_awards a JOIN clusters c ON c.id = a.cluster_id
             WHERE c.deleted_at IS NULL AND a.state = 'active' AND a.valid_until >= ${today}::date ORDER BY c.slug`,
      );
      const years = await queryRows<{ year: number; awards: number; renewals: number }>(
        db,
        sql`SELECT extract(year FROM valid_from)::int AS year, count(*)::int AS awards, count(*) FILTER (WHERE renewal)::int AS renewals
              FROM brand_awards GROUP BY 1 ORDER BY 1`,
      );
      return { holders, years };
    },

    // --- signing keys ---
    /** The pair made and kept here when the environment gives no key. */
    async storedKeyPair(): Promise<{ privateKey: string; publicKey: string } | undefined> {
      const [row] = await db.select().from(brandSigningKeysTable).where(eq(brandSigningKeysTable.id, 'current'));
      return row?.privateKey ? { privateKey: row.privateKey, publicKey: row.publicKey } : undefined;
    },
    async saveKeyPair(privateKey: string, publicKey: string): Promise<void> {
      await db.insert(brandSigningKeysTable).values({ id: 'current', privateKey, publicKey }).onConflictDoNothing();
    },
    /**
     * Keeps a public key under `key-<kid>` and drops every private key the database holds: once the
     * environment gives the key, no dump can sign, while what was signed before still verifies.
     */
    async keepPublicKeyOnly(publicKey: string, keyIdOf: (publicPem: string) => string): Promise<void> {
      await db.transaction(async (tx) => {
        const stored = await tx.select().from(brandSigningKeysTable).where(eq(brandSigningKeysTable.id, 'current'));
        for (const row of stored) {
          await tx.delete(brandSigningKeysTable).where(eq(brandSigningKeysTable.id, 'current'));
          await tx
            .insert(brandSigningKeysTable)
            .values({ id: `key-${keyIdOf(row.publicKey)}`, publicKey: row.publicKey, createdAt: row.createdAt })
            .onConflictDoNothing();
        }
        await tx
          .insert(brandSigningKeysTable)
          .values({ id: `key-${keyIdOf(publicKey)}`, publicKey })
          .onConflictDoNothing();
      });
    },
    /** Every public key certificates were signed with, oldest first. */
    async publicKeys(): Promise<string[]> {
      const rows = await db
        .select({ publicKey: brandSigningKeysTable.publicKey })
        .from(brandSigningKeysTable)
        .orderBy(brandSigningKeysTable.createdAt, brandSigningKeysTable.id);
      return rows.map((r) => r.publicKey);
    },
  };
}
export type BrandRepo = ReturnType<typeof createBrandRepo>;
