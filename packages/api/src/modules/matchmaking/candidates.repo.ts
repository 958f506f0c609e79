import { sql, type SQL } from 'drizzle-orm';
import {
  COMPLEMENTARITY_SATURATION,
  MATCH_COMPONENTS,
  ORG_TYPE_FIT,
  ORGANISATION_TYPES,
  naceSectionOf,
  sectorScope,
  type CandidateFilters,
  type MatchComponentKey,
  type MatchParty,
  type MatchWeights,
  type OrganisationType,
  type PartyKind,
} from '@euregionet/shared';
import { queryRows, type Db } from '../../db/client.js';
import { textArray } from '../../db/sql.js';

// The ranked candidate search in SQL: for each candidate the highest score it can reach (its
// bound), so that the service scores only the candidates that can still enter the list.

/** The tiers of the candidate search: first what shares a NACE division, an area or a term, then what shares a section. */
export type CandidateTier = 'topical' | 'section';

/** A candidate's place in the list of bounds, best first: the keyset of the next list. */
export interface CandidateBound {
  id: string;
  bound: number;
}

export interface CandidateBoundsQuery {
  /** Whom the candidates are for. */
  subject: MatchParty;
  tier: CandidateTier;
  kind: PartyKind;
  filters: CandidateFilters;
  weights: MatchWeights;
  today: string;
  /** The last bound of the previous list; null for the first list. */
  after: CandidateBound | null;
  /** At most this many bounds. */
  size: number;
  /** Only the candidates whose bound reaches this (every one when not finite). */
  floor?: number;
}

/** At most this many pairs of words in a condition that a candidate shares two words with the subject. */
const MAX_PAIRS = 60;

/** The ways in that can be left out when they cannot lead to a candidate reaching the floor. */
type Way = 'terms' | 'division' | 'ris3';

/** What a candidate of any kind offers the bound: the same columns under the names of each table. */
interface CandidateColumns {
  sectors: SQL;
  offer: SQL;
  request: SQL;
  /** 1 when the candidate shares a smart-specialisation area with the subject, else 0. */
  ris3Hit: SQL;
  countries: SQL;
  languages: SQL;
  type: SQL;
}

/** Everything the query of one kind needs to know, worked out once from the query. */
interface SearchPlan {
  query: CandidateBoundsQuery;
  floor: number;
  /** The sum of the weights (the score is a share of it). */
  total: number;
  /** Ways in too light to matter at this floor. */
  dropped: Set<Way>;
  /** Whether a candidate sharing only a NACE section can reach the floor. */
  sectionTier: boolean;
  /** How much of the total a candidate may lose and still reach the floor. */
  slack: number;
  divisions: string[];
  sectionScope: string[];
  sectorFilter: string[] | null;
  /** The subject's words and areas as text[] literals. */
  req: SQL;
  offer: SQL;
  ris3: SQL;
}

function divisionsOf(codes: readonly string[]) {
  return codes.filter((c) => /^\d{2}$/.test(c));
}

function sectionScopeOf(codes: readonly string[]) {
  const sections = [...new Set(codes.map((c) => naceSectionOf(c)).filter((s): s is string => !!s))];
  return [...new Set(sections.flatMap(sectorScope))];
}

/** The best fit of any of the subject's organisation types with this type. */
const bestTypeFit = (subject: MatchParty, type: OrganisationType) => Math.max(0, ...subject.orgTypes.map((s) => ORG_TYPE_FIT[s][type]));

function planSearch(query: CandidateBoundsQuery): SearchPlan {
  const { subject, weights } = query;
  const floor = query.floor ?? -Infinity;
  const total = MATCH_COMPONENTS.reduce((sum, k) => sum + weights[k], 0) || 1;
  // Ways in (shared words, a shared division, a shared RIS3 area) that cannot lead to a
  // candidate reaching `floor` are not read: a candidate found only through the dropped ways
  // scores at most the static part (border, language, type, a shared section) plus their weights.
  const maxFit = Math.max(0, ...ORGANISATION_TYPES.map((t) => bestTypeFit(subject, t)));
  const staticPart = weights.crossBorder + weights.language + weights.orgType * maxFit + weights.sector / 2;
  let reach = staticPart;
  const dropped = new Set<Way>();
  const ways: [Way, number][] = [
    ['terms', weights.complementarity],
    ['division', weights.sector / 2],
    ['ris3', weights.ris3],
  ];
  for (const [way, weight] of ways.sort((a, b) => a[1] - b[1])) {
    if ((100 * (reach + weight)) / total >= floor - 1e-6) break;
    dropped.add(way);
    reach += weight;
  }
  const sectorFilter = query.filters.sector?.length ? [...new Set(query.filters.sector.flatMap(sectorScope))] : null;
  return {
    query,
    floor,
    total,
    dropped,
    sectionTier: (100 * staticPart) / total >= floor - 1e-6,
    slack: Number.isFinite(floor) ? (total * (100 - floor)) / 100 + 1e-6 : Infinity,
    divisions: divisionsOf(subject.sectors),
    sectionScope: sectionScopeOf(subject.sectors),
    sectorFilter,
    req: textArray(subject.requestTerms),
    offer: textArray(subject.offerTerms),
    ris3: textArray(subject.ris3Areas),
  };
}

/** How well the candidate's organisation type fits the subject's (0 to 1). */
function typeFitOf(plan: SearchPlan, type: SQL): SQL {
  const whens = ORGANISATION_TYPES.map((t) => sql`WHEN ${t} THEN ${bestTypeFit(plan.query.subject, t)}::float8`);
  return sql`(CASE ${type} ${sql.join(whens, sql` `)} ELSE 0::float8 END)`;
}

/** 1 when the candidate's countries differ from the subject's, else 0. */
function crossBorderOf(plan: SearchPlan, countries: SQL): SQL {
  const subjectCountries = textArray(plan.query.subject.countries);
  return plan.query.subject.countries.length
    ? sql`(CASE WHEN cardinality(${countries}) > 0 AND NOT (${countries} @> ${subjectCountries} AND ${countries} <@ ${subjectCountries}) THEN 1 ELSE 0 END)`
    : sql`0`;
}

/** 1 when the candidate shares a language with the subject, else 0. */
function languageOf(plan: SearchPlan, languages: SQL): SQL {
  return sql`(CASE WHEN ${languages} && ${textArray(plan.query.subject.languages)} THEN 1 ELSE 0 END)`;
}

/** The highest score the candidate can reach, as an SQL expression over its columns. */
function boundOf(plan: SearchPlan, c: CandidateColumns): SQL {
  const { subject, weights } = plan.query;
  const { req, offer, total } = plan;
  const comp =
    subject.offerTerms.length || subject.requestTerms.length
      ? // The count of shared words only where the index operator finds one: most candidates share none.
        sql`(CASE WHEN ${c.offer} && ${req} OR ${c.request} && ${offer} THEN least(1.0, cardinality(ARRAY(SELECT unnest(${c.offer}) INTERSECT SELECT unnest(${req}) UNION SELECT unnest(${c.request}) INTERSECT SELECT unnest(${offer}))) / ${COMPLEMENTARITY_SATURATION}::float8) ELSE 0 END)`
      : sql`0`;
  const sector = sql`(CASE WHEN ${c.sectors} && ${textArray(plan.divisions)} THEN 1.0 WHEN ${c.sectors} && ${textArray(plan.sectionScope)} THEN 0.5 ELSE 0 END)`;
  const fractions: Record<MatchComponentKey, SQL> = {
    complementarity: comp,
    sector,
    ris3: c.ris3Hit,
    crossBorder: crossBorderOf(plan, c.countries),
    language: languageOf(plan, c.languages),
    orgType: typeFitOf(plan, c.type),
  };
  // In the order and with the operations of `scoreMatch` (double precision both): a bound is
  // then never below the score it bounds, not even by a rounding error, and equals it where
  // every fraction is exact, so that candidates tied with the last place can be told apart by
  // kind and id.
  return sql`(0::float8${sql.join(
    MATCH_COMPONENTS.map((k) => sql` + (100::float8 * ${weights[k]}::float8 * (${fractions[k]})::float8) / ${total}::float8`),
    sql``,
  )})`;
}

/**
 * What a candidate must meet to reach the floor at all: a component whose weight (or the part of
 * it a weaker fit leaves out) is more than the score can lose. Plain conditions the planner can
 * combine with the ways in (GIN indexes), so that with a high bar the bound is computed for the
 * few candidates that meet all of them, not for everyone sharing one word.
 */
function needsOf(plan: SearchPlan, c: CandidateColumns): SQL[] {
  const { subject, weights } = plan.query;
  const { slack, req, offer, divisions, sectionScope } = plan;
  const out: SQL[] = [];
  if (weights.complementarity > slack) {
    // Two shared words at least when one is not enough: a pair of the subject's words that
    // the candidate offers (or requests) both of, or one word each way.
    const pairs = (terms: readonly string[], column: SQL) =>
      terms.flatMap((a, i) => terms.slice(i + 1).map((b) => sql`${column} @> ${textArray([a, b])}`));
    const oneWordLoss = weights.complementarity * (1 - 1 / COMPLEMENTARITY_SATURATION);
    const twoWays = [...pairs(subject.requestTerms, c.offer), ...pairs(subject.offerTerms, c.request)];
    if (oneWordLoss > slack && COMPLEMENTARITY_SATURATION > 1 && twoWays.length <= MAX_PAIRS)
      out.push(sql`(${sql.join([...twoWays, sql`(${c.offer} && ${req} AND ${c.request} && ${offer})`], sql` OR `)})`);
    else if (subject.offerTerms.length || subject.requestTerms.length) out.push(sql`(${c.offer} && ${req} OR ${c.request} && ${offer})`);
    else out.push(sql`FALSE`);
  }
  if (weights.sector / 2 > slack) out.push(sql`${c.sectors} && ${textArray(divisions)}`);
  else if (weights.sector > slack) out.push(sql`${c.sectors} && ${textArray([...new Set([...divisions, ...sectionScope])])}`);
  if (weights.ris3 > slack) out.push(sql`${c.ris3Hit} = 1`);
  if (weights.crossBorder > slack) out.push(sql`${crossBorderOf(plan, c.countries)} = 1`);
  if (weights.language > slack) out.push(sql`${languageOf(plan, c.languages)} = 1`);
  if (weights.orgType > slack) out.push(sql`${weights.orgType}::float8 * (1 - ${typeFitOf(plan, c.type)}) <= ${slack}::float8`);
  return out;
}

/** The conditions joined by OR; FALSE when there is none. */
function anyOf(parts: (SQL | false)[]): SQL {
  const real = parts.filter((p): p is SQL => p !== false);
  return real.length ? sql`(${sql.join(real, sql` OR `)})` : sql`FALSE`;
}

/** Whether the subject can be reached through this way in this tier. */
function wayOpen(plan: SearchPlan, way: Way, subjectHas: readonly string[]): boolean {
  return plan.query.tier === 'topical' && subjectHas.length > 0 && !plan.dropped.has(way);
}

/** The next list from the bounds in `b`: after the previous list's last, above the floor, best first. */
function pageOfBounds(plan: SearchPlan): SQL {
  const { after, size } = plan.query;
  const afterRow = after ? sql`(bound < ${after.bound}::float8 OR (bound = ${after.bound}::float8 AND id > ${after.id}::uuid))` : sql`TRUE`;
  return sql`SELECT b.id::text AS id, b.bound FROM b WHERE ${afterRow} AND bound >= ${Number.isFinite(plan.floor) ? plan.floor : -1}::float8 ORDER BY b.bound DESC, b.id LIMIT ${size}`;
}

function organisationBounds(plan: SearchPlan): SQL | null {
  const { subject, filters } = plan.query;
  const { divisions, sectionScope, req, offer, ris3 } = plan;
  // Ways in through the organisation's own columns (GIN indexes, one bitmap scan that
  // computes the bound from the rows it reads) and through its clusters' areas.
  const direct: SQL[] = [];
  if (wayOpen(plan, 'division', divisions)) direct.push(sql`o.sectors && ${textArray(divisions)}`);
  if (wayOpen(plan, 'terms', subject.requestTerms)) direct.push(sql`o.match_offer_terms && ${req}`);
  if (wayOpen(plan, 'terms', subject.offerTerms)) direct.push(sql`o.match_request_terms && ${offer}`);
  if (plan.query.tier === 'section' && sectionScope.length && plan.sectionTier) direct.push(sql`o.sectors && ${textArray(sectionScope)}`);
  const viaRis3 = wayOpen(plan, 'ris3', subject.ris3Areas);
  if (!direct.length && !viaRis3) return null;

  const where: SQL[] = [sql`o.deleted_at IS NULL`];
  if (filters.country) where.push(sql`o.country = ${filters.country}`);
  if (filters.type?.length) where.push(sql`o.type = ANY(${textArray(filters.type)})`);
  if (plan.sectorFilter) where.push(sql`o.sectors && ${textArray(plan.sectorFilter)}`);
  const withRis3 = subject.ris3Areas.length > 0;
  const cols: CandidateColumns = {
    sectors: sql`o.sectors`,
    offer: sql`o.match_offer_terms`,
    request: sql`o.match_request_terms`,
    ris3Hit: withRis3 ? sql`(CASE WHEN o.id IN (SELECT id FROM r) THEN 1 ELSE 0 END)` : sql`0`,
    countries: sql`ARRAY[o.country]`,
    languages: sql`o.languages`,
    type: sql`o.type`,
  };
  where.push(...needsOf(plan, cols));
  const bound = boundOf(plan, cols);
  const parts: SQL[] = [];
  if (direct.length)
    parts.push(
      sql`SELECT o.id, ${bound} AS bound FROM organisations o WHERE ${sql.join(where, sql` AND `)} AND (${sql.join(direct, sql` OR `)})`,
    );
  if (viaRis3)
    // Each member looked up by its key. As a plain join, the planner (misled by the CASE
    // conditions, which it guesses match almost nothing) scanned the members once per
    // organisation: seconds for a cluster of thousands. OFFSET 0 keeps the subquery apart.
    parts.push(
      sql`SELECT o.id, ${bound} AS bound FROM (SELECT DISTINCT id FROM r) ri
                CROSS JOIN LATERAL (SELECT * FROM organisations x WHERE x.id = ri.id OFFSET 0) o WHERE ${sql.join(where, sql` AND `)}`,
    );
  const members = withRis3
    ? sql`r AS MATERIALIZED (SELECT m.organisation_id AS id FROM memberships m JOIN clusters c ON c.id = m.cluster_id AND c.deleted_at IS NULL WHERE c.ris3_areas && ${ris3}), `
    : sql``;
  // Each candidate's bound once (both parts give the same bound for the same organisation).
  return sql`WITH ${members}b AS MATERIALIZED (${sql.join(parts, sql` UNION `)})
          ${pageOfBounds(plan)}`;
}

function clusterBounds(plan: SearchPlan): SQL {
  const { subject, filters } = plan.query;
  const { divisions, sectionScope, req, ris3 } = plan;
  const ways =
    plan.query.tier === 'topical'
      ? anyOf([
          wayOpen(plan, 'division', divisions) && sql`c.sectors && ${textArray(divisions)}`,
          wayOpen(plan, 'terms', subject.requestTerms) && sql`c.match_offer_terms && ${req}`,
          wayOpen(plan, 'ris3', subject.ris3Areas) && sql`c.ris3_areas && ${ris3}`,
        ])
      : anyOf([sectionScope.length > 0 && plan.sectionTier && sql`c.sectors && ${textArray(sectionScope)}`]);
  const where: SQL[] = [sql`c.deleted_at IS NULL`, ways];
  if (filters.country) where.push(sql`${filters.country} = ANY(c.countries)`);
  if (plan.sectorFilter) where.push(sql`c.sectors && ${textArray(plan.sectorFilter)}`);
  const cols: CandidateColumns = {
    sectors: sql`c.sectors`,
    offer: sql`c.match_offer_terms`,
    request: sql`'{}'::text[]`,
    ris3Hit: subject.ris3Areas.length ? sql`(CASE WHEN c.ris3_areas && ${ris3} THEN 1 ELSE 0 END)` : sql`0`,
    countries: sql`c.countries`,
    languages: sql`ARRAY(SELECT jsonb_object_keys(c.name))`,
    type: sql`'cluster_management'::text`,
  };
  where.push(...needsOf(plan, cols));
  return sql`WITH b AS MATERIALIZED (SELECT c.id, ${boundOf(plan, cols)} AS bound FROM clusters c WHERE ${sql.join(where, sql` AND `)})
          ${pageOfBounds(plan)}`;
}

function profileBounds(plan: SearchPlan): SQL {
  const { subject, today } = plan.query;
  const { divisions, sectionScope, req, offer, ris3 } = plan;
  const ways =
    plan.query.tier === 'topical'
      ? anyOf([
          wayOpen(plan, 'division', divisions) && sql`p.sectors && ${textArray(divisions)}`,
          wayOpen(plan, 'terms', subject.requestTerms) && sql`p.offer_terms && ${req}`,
          wayOpen(plan, 'terms', subject.offerTerms) && sql`p.request_terms && ${offer}`,
          wayOpen(plan, 'ris3', subject.ris3Areas) && sql`p.ris3_areas && ${ris3}`,
        ])
      : anyOf([sectionScope.length > 0 && plan.sectionTier && sql`p.sectors && ${textArray(sectionScope)}`]);
  const where: SQL[] = [
    sql`p.status = 'published'`,
    sql`(p.valid_until IS NULL OR p.valid_until >= ${today}::date)`,
    sql`(o.id IS NOT NULL OR c.id IS NOT NULL)`,
    ways,
  ];
  if (plan.sectorFilter) where.push(sql`p.sectors && ${textArray(plan.sectorFilter)}`);
  const cols: CandidateColumns = {
    sectors: sql`p.sectors`,
    offer: sql`p.offer_terms`,
    request: sql`p.request_terms`,
    ris3Hit: subject.ris3Areas.length ? sql`(CASE WHEN p.ris3_areas && ${ris3} THEN 1 ELSE 0 END)` : sql`0`,
    countries: sql`(CASE WHEN o.id IS NOT NULL THEN ARRAY[o.country] ELSE c.countries END)`,
    languages: sql`(ARRAY(SELECT jsonb_object_keys(p.title)) || coalesce(o.languages, '{}'::text[]))`,
    type: sql`coalesce(o.type, 'cluster_management')`,
  };
  where.push(...needsOf(plan, cols));
  return sql`WITH b AS MATERIALIZED (SELECT p.id, ${boundOf(plan, cols)} AS bound
            FROM cooperation_profiles p
            LEFT JOIN organisations o ON o.id = p.organisation_id AND o.deleted_at IS NULL
            LEFT JOIN clusters c ON c.id = p.cluster_id AND c.deleted_at IS NULL
           WHERE ${sql.join(where, sql` AND `)})
          ${pageOfBounds(plan)}`;
}

export function createCandidateRepo(db: Db) {
  return {
    /**
     * The candidates of one kind in one tier whose bound reaches `floor`, best upper bound first:
     * `bound` is the highest score the candidate can reach (every component computed exactly in
     * SQL, except shared RIS3 areas, counted in full when there is one). Each bound is computed
     * once: the caller reads the candidates' facts (`candidateFacts`) in small batches down this
     * list, scores them with the shared function, and stops where a bound can no longer beat its
     * last place; it asks for more (`after`) only when it reaches the end of a full list.
     */
    async bounds(query: CandidateBoundsQuery): Promise<CandidateBound[]> {
      const plan = planSearch(query);
      const statement =
        query.kind === 'organisation' ? organisationBounds(plan) : query.kind === 'cluster' ? clusterBounds(plan) : profileBounds(plan);
      if (!statement) return [];
      const rows = await queryRows<CandidateBound>(db, statement);
      return rows.map((r) => ({ id: r.id, bound: Number(r.bound) }));
    },
  };
}
