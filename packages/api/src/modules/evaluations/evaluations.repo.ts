import { and, asc, desc, eq, getTableColumns, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  directoryIndicators,
  type EvaluationFramework,
  type EvaluationFrameworkListQuery,
  type EvaluationFrameworkSummary,
  type EvaluationListQuery,
  type IndicatorSource,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage, microsOf, newestFirst } from '../../db/cursor.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { membershipsTable, organisationsTable } from '../organisations/organisations.table.js';
import { usersTable } from '../users/users.table.js';
import { evaluationFrameworksTable, evaluationsTable } from './evaluations.table.js';
import { updateVersioned } from '../../db/versioned.js';

type FrameworkRow = typeof evaluationFrameworksTable.$inferSelect;
export type FrameworkInsert = Omit<typeof evaluationFrameworksTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;
export type EvaluationInsert = Omit<typeof evaluationsTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

// Columns in a subquery are named with their table: drizzle writes a bare `"id"` otherwise.
const used = sql<boolean>`EXISTS (SELECT 1 FROM ${evaluationsTable} e WHERE e.framework_id = ${evaluationFrameworksTable}.id)`;

function toFramework(row: FrameworkRow & { used: boolean }): EvaluationFramework {
  return {
    id: row.id,
    code: row.code,
    number: row.number,
    status: row.status,
    used: row.used,
    name: row.name,
    description: row.description,
    dimensions: row.dimensions,
    maturityLevels: row.maturityLevels,
    targetProfiles: row.targetProfiles,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Frameworks by code, newest version first: (code, number). */
const frameworkCursor = cursorCodec(key.text, key.number);

const evaluator = alias(usersTable, 'evaluator');

/** An evaluation row with what its API shape needs of the cluster, framework and evaluator. */
const evaluationColumns = {
  ...getTableColumns(evaluationsTable),
  clusterName: clustersTable.name,
  evaluatorName: evaluator.name,
  /** The list's sort key, at the database's precision (a JavaScript Date keeps milliseconds only). */
  createdMicros: microsOf(evaluationsTable.createdAt),
  framework: {
    id: evaluationFrameworksTable.id,
    code: evaluationFrameworksTable.code,
    number: evaluationFrameworksTable.number,
    name: evaluationFrameworksTable.name,
    dimensions: evaluationFrameworksTable.dimensions,
    maturityLevels: evaluationFrameworksTable.maturityLevels,
    targetProfiles: evaluationFrameworksTable.targetProfiles,
  },
};

export function createEvaluationRepo(db: Db) {
  const selectEvaluations = () =>
    db
      .select(evaluationColumns)
      .from(evaluationsTable)
      .innerJoin(clustersTable, eq(clustersTable.id, evaluationsTable.clusterId))
      .innerJoin(evaluationFrameworksTable, eq(evaluationFrameworksTable.id, evaluationsTable.frameworkId))
      .innerJoin(evaluator, eq(evaluator.id, evaluationsTable.evaluatorId));

  return {
    // ---- frameworks

    async listFrameworks(query: EvaluationFrameworkListQuery): Promise<{ items: EvaluationFrameworkSummary[]; nextCursor: string | null }> {
      const t = evaluationFrameworksTable;
      const where: SQL[] = [];
      if (query.code) where.push(eq(t.code, query.code));
      if (query.status) where.push(eq(t.status, query.status));
      if (query.cursor) {
        const [code, number] = frameworkCursor.decode(query.cursor);
        where.push(sql`(${t.code} > ${code} OR (${t.code} = ${code} AND ${t.number} < ${number}))`);
      }
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({
              ...getTableColumns(t),
              used,
              criteriaCount: sql<number>`(SELECT coalesce(sum(jsonb_array_length(d -> 'criteria')), 0)::int FROM jsonb_array_elements(${t}.dimensions) d)`,
            })
            .from(t)
            .where(where.length ? and(...where) : undefined)
            .orderBy(asc(t.code), desc(t.number))
            .limit(rowLimit),
        (last) => frameworkCursor.encode([last.code, last.number]),
        (r) => {
          const { dimensions: _d, maturityLevels: _m, targetProfiles: _t, description: _desc, ...summary } = toFramework(r);
          return { ...summary, criteriaCount: r.criteriaCount };
        },
      );
    },

    async getFramework(id: string, options: { forUpdate?: boolean } = {}): Promise<EvaluationFramework | undefined> {
      const query = db
        .select({ ...getTableColumns(evaluationFrameworksTable), used })
        .from(evaluationFrameworksTable)
        .where(eq(evaluationFrameworksTable.id, id));
      const [row] = options.forUpdate ? await query.for('update') : await query;
      return row ? toFramework(row) : undefined;
    },

    async currentFramework(code: string): Promise<EvaluationFramework | undefined> {
      const [row] = await db
        .select({ ...getTableColumns(evaluationFrameworksTable), used })
        .from(evaluationFrameworksTable)
        .where(and(eq(evaluationFrameworksTable.code, code), eq(evaluationFrameworksTable.status, 'published')))
        .orderBy(desc(evaluationFrameworksTable.number))
        .limit(1);
      return row ? toFramework(row) : undefined;
    },

    async codeExists(code: string): Promise<boolean> {
      const rows = await db
        .select({ id: evaluationFrameworksTable.id })
        .from(evaluationFrameworksTable)
        .where(eq(evaluationFrameworksTable.code, code))
        .limit(1);
      return rows.length > 0;
    },

    async maxNumber(code: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`coalesce(max(${evaluationFrameworksTable.number}), 0)::int` })
        .from(evaluationFrameworksTable)
        .where(eq(evaluationFrameworksTable.code, code));
      return row?.n ?? 0;
    },

    async insertFramework(values: FrameworkInsert): Promise<string> {
      const [row] = await db.insert(evaluationFrameworksTable).values(values).returning({ id: evaluationFrameworksTable.id });
      return row!.id;
    },

    /** Changes a framework only if it is still at the version the client read. */
    updateFramework: (id: string, expectedVersion: number, values: Partial<FrameworkInsert>) =>
      updateVersioned(db, evaluationFrameworksTable, id, expectedVersion, values),

    /** Earlier published versions give way when a new one is published. */
    async retireOthers(code: string, exceptId: string): Promise<string[]> {
      const rows = await db
        .update(evaluationFrameworksTable)
        .set({ status: 'retired', version: sql`${evaluationFrameworksTable.version} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            eq(evaluationFrameworksTable.code, code),
            eq(evaluationFrameworksTable.status, 'published'),
            ne(evaluationFrameworksTable.id, exceptId),
          ),
        )
        .returning({ id: evaluationFrameworksTable.id });
      return rows.map((r) => r.id);
    },

    async deleteFramework(id: string): Promise<void> {
      await db.delete(evaluationFrameworksTable).where(eq(evaluationFrameworksTable.id, id));
    },

    // ---- evaluations

    async list(query: EvaluationListQuery) {
      const t = evaluationsTable;
      const where: SQL[] = [];
      if (query.clusterId) where.push(eq(t.clusterId, query.clusterId));
      if (query.status) where.push(eq(t.status, query.status));
      if (query.frameworkCode) where.push(eq(evaluationFrameworksTable.code, query.frameworkCode));
      const order = newestFirst(t.createdAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          selectEvaluations()
            .where(where.length ? and(...where) : undefined)
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        (last) => order.cursorOf(last.createdMicros, last.id),
      );
    },

    async get(id: string, options: { forUpdate?: boolean } = {}) {
      const query = selectEvaluations().where(eq(evaluationsTable.id, id));
      const [row] = options.forUpdate ? await query.for('update', { of: evaluationsTable }) : await query;
      return row;
    },

    /** The latest approved evaluation of every cluster, in one framework (any of its versions). */
    async latestApproved(frameworkCode: string) {
      const ids = await queryRows<{ id: string }>(
        db,
        sql`SELECT DISTINCT ON (e.cluster_id) e.id
              FROM ${evaluationsTable} e JOIN ${evaluationFrameworksTable} f ON f.id = e.framework_id
             WHERE e.status = 'approved' AND f.code = ${frameworkCode}
             ORDER BY e.cluster_id, e.evaluated_on DESC, e.approved_at DESC`,
      );
      if (!ids.length) return [];
      return selectEvaluations().where(
        inArray(
          evaluationsTable.id,
          ids.map((r) => r.id),
        ),
      );
    },

    /** The cluster's approved evaluation before the given one, in the same framework. */
    async previousApproved(clusterId: string, frameworkCode: string, before: { id: string; evaluatedOn: string; approvedAt: Date | null }) {
      const t = evaluationsTable;
      const rows = await selectEvaluations()
        .where(
          and(
            eq(t.clusterId, clusterId),
            eq(t.status, 'approved'),
            eq(evaluationFrameworksTable.code, frameworkCode),
            ne(t.id, before.id),
            before.approvedAt
              ? sql`(${t.evaluatedOn}, ${t.approvedAt}) < (${before.evaluatedOn}::date, ${before.approvedAt.toISOString()}::timestamptz)`
              : sql`${t.evaluatedOn} <= ${before.evaluatedOn}::date`,
          ),
        )
        .orderBy(desc(t.evaluatedOn), desc(t.approvedAt))
        .limit(1);
      return rows[0];
    },

    /** For the progress figure: every cluster with its newest approved and newest open evaluation. */
    async clustersWithEvaluations() {
      const clusters = await db
        .select({ id: clustersTable.id, name: clustersTable.name, partner: clustersTable.partner })
        .from(clustersTable)
        .orderBy(sql`lower(coalesce(${clustersTable.name} ->> 'en', ${clustersTable.name} ->> 'de', ${clustersTable.name} ->> 'pl'))`);
      const latest = await queryRows<{ id: string }>(
        db,
        sql`SELECT DISTINCT ON (cluster_id, status = 'approved') id
              FROM ${evaluationsTable}
             ORDER BY cluster_id, status = 'approved', evaluated_on DESC, created_at DESC`,
      );
      const rows = latest.length
        ? await selectEvaluations().where(
            inArray(
              evaluationsTable.id,
              latest.map((r) => r.id),
            ),
          )
        : [];
      return { clusters, evaluations: rows };
    },

    async clusterOf(id: string) {
      const [row] = await db
        .select({ id: clustersTable.id, partner: clustersTable.partner })
        .from(clustersTable)
        .where(eq(clustersTable.id, id));
      return row;
    },

    async user(id: string) {
      const [row] = await db
        .select({ id: usersTable.id, name: usersTable.name, role: usersTable.role, status: usersTable.status, partner: usersTable.partner })
        .from(usersTable)
        .where(eq(usersTable.id, id));
      return row;
    },

    async insert(values: EvaluationInsert): Promise<string> {
      const [row] = await db.insert(evaluationsTable).values(values).returning({ id: evaluationsTable.id });
      return row!.id;
    },

    update: (id: string, expectedVersion: number, values: Partial<EvaluationInsert>) =>
      updateVersioned(db, evaluationsTable, id, expectedVersion, values),

    async remove(id: string): Promise<void> {
      await db.delete(evaluationsTable).where(eq(evaluationsTable.id, id));
    },

    /**
     * The directory's figures for a cluster's indicators. Reads only the organisations' type and
     * country and the memberships' role, the columns this feature relies on.
     */
    async indicators(clusterId: string): Promise<Record<IndicatorSource, number>> {
      const members = await db
        .select({ type: organisationsTable.type, country: organisationsTable.country, role: membershipsTable.role })
        .from(membershipsTable)
        .innerJoin(organisationsTable, eq(organisationsTable.id, membershipsTable.organisationId))
        .where(eq(membershipsTable.clusterId, clusterId));
      return directoryIndicators(members);
    },
  };
}
export type EvaluationRepo = ReturnType<typeof createEvaluationRepo>;
export type EvaluationRow = NonNullable<Awaited<ReturnType<EvaluationRepo['get']>>>;
