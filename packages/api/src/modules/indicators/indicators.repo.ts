import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import {
  PROJECT_PERIOD,
  type ConsultingOutcome,
  type ConsultingTopic,
  type Country,
  type I18nText,
  type InternationalisationMeasure,
  type InternationalisationMeasureListQuery,
  type InternationalisationMeasureKind,
  type Locale,
  type PartnerCode,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { cursorCodec, key, keysetPage } from '../../db/cursor.js';
import { clustersTable } from '../clusters/clusters.table.js';
import { usersTable } from '../users/users.table.js';
import { internationalisationMeasuresTable } from './indicators.table.js';
import { inPeriodDate, inPeriodTs, localDaySql, type ReportingPeriod } from './period.js';

export interface ClusterFigureRow {
  id: string;
  name: I18nText;
  partner: PartnerCode;
  countries: Country[];
  date: string | null;
}

const year = (day: string) => Number(day.slice(0, 4));

/**
 * The queries behind each figure of the dashboard. Each answers the records that count, never a
 * bare number: the figure is the length of its list, so that it can always be checked. Deleted
 * clusters and organisations count for nothing until they are restored.
 */
/** Measures newest first: (date, id). */
const measureCursor = cursorCodec(key.date, key.uuid);

export function createIndicatorRepo(db: Db) {
  return {
    /** Clusters with an evaluation approved in the period; the first such approval. */
    evaluatedClusters(p: ReportingPeriod) {
      const approvedAt = sql.raw('coalesce(e.approved_at, e.updated_at)');
      return queryRows<ClusterFigureRow & { evaluationId: string }>(
        db,
        sql`SELECT c.id, c.name, c.partner, c.countries, a.id AS "evaluationId", ${localDaySql(sql.raw('a.at'))} AS date
              FROM clusters c
              JOIN LATERAL (
                SELECT e.id, ${approvedAt} AS at FROM evaluations e
                 WHERE e.cluster_id = c.id AND e.status = 'approved' AND ${inPeriodTs(approvedAt, p)}
                 ORDER BY ${approvedAt}, e.id LIMIT 1
              ) a ON TRUE
             WHERE c.deleted_at IS NULL
             ORDER BY a.at, c.id`,
      );
    },

    /** Clusters with a recorded extension, networking or internationalisation measure in the period. */
    internationalisedClusters(p: ReportingPeriod) {
      return queryRows<
        ClusterFigureRow & { measures: { id: string; kind: InternationalisationMeasureKind; date: string; description: string }[] }
      >(
        db,
        sql`SELECT c.id, c.name, c.partner, c.countries, min(m.date)::text AS date,
                   json_agg(json_build_object('id', m.id, 'kind', m.kind, 'date', m.date::text, 'description', m.description)
                            ORDER BY m.date, m.id) AS measures
              FROM internationalisation_measures m
              JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL
             WHERE ${inPeriodDate(sql.raw('m.date'), p)}
             GROUP BY c.id
             ORDER BY min(m.date), c.id`,
      );
    },

    /**
     * Cross-border clusters founded in the project period. The directory records the founding
     * year only, so the years 2017 to 2020 count; a reporting period narrows them to its years.
     */
    newCrossBorderClusters(p: ReportingPeriod) {
      const first = Math.max(year(PROJECT_PERIOD.from), p.from ? year(p.from) : 0);
      const last = Math.min(year(PROJECT_PERIOD.to), p.to ? year(p.to) : 9999);
      return queryRows<ClusterFigureRow & { foundedYear: number }>(
        db,
        sql`SELECT id, name, partner, countries, NULL::text AS date, founded_year AS "foundedYear"
              FROM clusters
             WHERE deleted_at IS NULL AND cross_border AND founded_year BETWEEN ${first}::int AND ${last}::int
             ORDER BY founded_year, id`,
      );
    },

    /**
     * Organisations that are members of a cross-border cluster (by the end of the period), each
     * counted once by its identifier: NIP, KRS, commercial register entry, else its record id.
     */
    crossBorderOrganisations(p: ReportingPeriod) {
      const identity = sql.raw(`coalesce('NIP ' || o.nip, 'KRS ' || o.krs, 'HR ' || o.register_key, 'ID ' || o.id::text)`);
      return queryRows<{
        id: string;
        name: string;
        country: Country;
        identifier: string;
        nip: string | null;
        krs: string | null;
        registerNumber: string | null;
        registerCourt: string | null;
        date: string | null;
        clusters: { id: string; name: I18nText }[];
      }>(
        db,
        sql`SELECT (array_agg(o.id ORDER BY o.created_at, o.id))[1] AS id, min(o.name) AS name, min(o.country) AS country,
                   ${identity} AS identifier, min(o.nip) AS nip, min(o.krs) AS krs,
                   min(o.register_number) AS "registerNumber", min(o.register_court) AS "registerCourt",
                   min(m.since)::text AS date,
                   json_agg(DISTINCT jsonb_build_object('id', c.id, 'name', c.name)) AS clusters
              FROM organisations o
              JOIN memberships m ON m.organisation_id = o.id
              JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL AND c.cross_border
             WHERE o.deleted_at IS NULL${p.to ? sql` AND (m.since IS NULL OR m.since <= ${p.to}::date)` : sql``}
             GROUP BY ${identity}
             ORDER BY lower(immutable_unaccent(min(o.name))), 4`,
      );
    },

    /** Events of the cluster dialogue in the period, with their participating clusters. */
    dialogueEvents(p: ReportingPeriod) {
      return queryRows<{
        id: string;
        title: I18nText;
        date: string;
        place: string | null;
        partner: PartnerCode;
        participants: number | null;
        clusters: { id: string; name: I18nText; countries: Country[] }[];
      }>(
        db,
        // Events with registrations count the people checked in; those recorded after the fact, the number typed in.
        sql`SELECT e.id, e.title, e.date::text AS date, e.place, e.organising_partner AS partner,
                   CASE WHEN EXISTS (SELECT 1 FROM dialogue_event_registrations r WHERE r.event_id = e.id)
                        THEN (SELECT count(*)::int FROM dialogue_event_registrations r
                               WHERE r.event_id = e.id AND r.status = 'confirmed' AND r.checked_in_at IS NOT NULL)
                        ELSE e.participant_count END AS participants,
                   coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'countries', c.countries) ORDER BY c.id)
                               FROM dialogue_event_clusters ec JOIN clusters c ON c.id = ec.cluster_id
                              WHERE ec.event_id = e.id), '[]'::json) AS clusters
              FROM dialogue_events e
             WHERE ${inPeriodDate(sql.raw('e.date'), p)} AND e.status <> 'cancelled'
             ORDER BY e.date, e.id`,
      );
    },

    /** Consulting requests received in the period, counted by topic, partner and outcome. */
    /** Results links first opened in the period: the evaluation's results reached the cluster. */
    async sharesOpened(p: ReportingPeriod): Promise<number> {
      const [row] = await queryRows<{ count: number }>(
        db,
        sql`SELECT count(*)::int AS count FROM evaluation_shares
             WHERE first_opened_at IS NOT NULL AND ${inPeriodTs(sql.raw('first_opened_at'), p)}`,
      );
      return row?.count ?? 0;
    },

    /**
     * What consulting led to: each funding call a request referred its requester to, and each
     * match it proposed, linked (sent in a reply or named with the outcome) in the period.
     */
    consultingLinks(p: ReportingPeriod) {
      const at = sql.raw('l.at');
      return queryRows<{
        kind: 'funding' | 'match';
        id: string;
        reference: string;
        partner: PartnerCode;
        country: Country;
        date: string;
        title: Partial<Record<Locale, string>> | null;
      }>(
        db,
        sql`SELECT 'funding' AS kind, r.id, r.reference, r.partner, r.country, ${localDaySql(at)} AS date, f.title, l.at
              FROM consulting_request_funding_calls l
              JOIN consulting_requests r ON r.id = l.request_id JOIN funding_calls f ON f.id = l.funding_call_id
             WHERE ${inPeriodTs(at, p)}
            UNION ALL
            SELECT 'match', r.id, r.reference, r.partner, r.country, ${localDaySql(at)}, NULL, l.at
              FROM consulting_request_matches l JOIN consulting_requests r ON r.id = l.request_id
             WHERE ${inPeriodTs(at, p)}
             ORDER BY at, reference`,
      );
    },

    consultingCounts(p: ReportingPeriod) {
      return queryRows<{ topic: ConsultingTopic; partner: PartnerCode; outcome: ConsultingOutcome | null; count: number }>(
        db,
        sql`SELECT topic, partner, outcome, count(*)::int AS count FROM consulting_requests
             WHERE ${inPeriodTs(sql.raw('created_at'), p)} GROUP BY 1, 2, 3`,
      );
    },

    // ---- internationalisation measures

    async listMeasures(
      query: InternationalisationMeasureListQuery,
    ): Promise<{ items: InternationalisationMeasure[]; nextCursor: string | null }> {
      const t = internationalisationMeasuresTable;
      const where: SQL[] = [];
      if (query.clusterId) where.push(eq(t.clusterId, query.clusterId));
      if (query.from) where.push(gte(t.date, query.from));
      if (query.to) where.push(lte(t.date, query.to));
      if (query.cursor) {
        const [day, id] = measureCursor.decode(query.cursor);
        where.push(sql`(${t.date}, ${t.id}) < (${day}::date, ${id}::uuid)`);
      }
      return keysetPage(
        query.limit,
        (rowLimit) =>
          this.selectMeasures()
            .where(where.length ? and(...where) : undefined)
            .orderBy(desc(t.date), desc(t.id))
            .limit(rowLimit),
        (last) => measureCursor.encode([last.date, last.id]),
        toMeasure,
      );
    },

    selectMeasures() {
      const t = internationalisationMeasuresTable;
      return db
        .select({
          id: t.id,
          clusterId: t.clusterId,
          clusterName: clustersTable.name,
          partner: clustersTable.partner,
          kind: t.kind,
          date: t.date,
          description: t.description,
          createdByName: usersTable.name,
          createdAt: t.createdAt,
        })
        .from(t)
        .innerJoin(clustersTable, eq(clustersTable.id, t.clusterId))
        .leftJoin(usersTable, eq(usersTable.id, t.createdBy))
        .$dynamic();
    },

    async getMeasure(id: string): Promise<InternationalisationMeasure | undefined> {
      const [row] = await this.selectMeasures().where(eq(internationalisationMeasuresTable.id, id));
      return row ? toMeasure(row) : undefined;
    },

    async liveCluster(id: string): Promise<{ id: string; partner: PartnerCode } | undefined> {
      const [row] = await db
        .select({ id: clustersTable.id, partner: clustersTable.partner })
        .from(clustersTable)
        .where(and(eq(clustersTable.id, id), sql`${clustersTable.deletedAt} IS NULL`));
      return row;
    },

    async insertMeasure(values: typeof internationalisationMeasuresTable.$inferInsert): Promise<string> {
      const [row] = await db
        .insert(internationalisationMeasuresTable)
        .values(values)
        .returning({ id: internationalisationMeasuresTable.id });
      return row!.id;
    },

    async deleteMeasure(id: string): Promise<boolean> {
      const rows = await db
        .delete(internationalisationMeasuresTable)
        .where(eq(internationalisationMeasuresTable.id, id))
        .returning({ id: internationalisationMeasuresTable.id });
      return rows.length > 0;
    },
  };
}
export type IndicatorRepo = ReturnType<typeof createIndicatorRepo>;

function toMeasure(row: {
  id: string;
  clusterId: string;
  clusterName: I18nText;
  partner: PartnerCode;
  kind: InternationalisationMeasureKind;
  date: string;
  description: string;
  createdByName: string | null;
  createdAt: Date;
}): InternationalisationMeasure {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
