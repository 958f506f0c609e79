import {
  naceSectionOf,
  scoreMatch,
  type Country,
  type MatchParty,
  type MatchWeights,
  type OrganisationType,
  type PartyKind,
} from '@euregionet/shared';

/**
 * The candidate search done the plain way, for tests to compare the search with: every party
 * scored with the one scoring function, what the documented rules leave out left out, best
 * first, ties by kind and id. Written apart from the search and its shared helpers on purpose.
 */

export interface CandidateScanQuery {
  kind?: PartyKind[];
  country?: Country;
  type?: OrganisationType[];
  sector?: string[];
  minScore?: number;
  excludeSameCluster: boolean;
}

const TOPICAL = ['complementarity', 'sector', 'ris3'];
const shares = <T>(a: readonly T[], b: readonly T[]) => a.some((x) => b.includes(x));

/** The first `limit` candidates as `kind:id:score`. */
export function fullScan(subject: MatchParty, all: readonly MatchParty[], weights: MatchWeights, q: CandidateScanQuery, limit: number) {
  const ranked: { party: MatchParty; raw: number; score: number }[] = [];
  // Only a party with a topic in common can be listed (a word offered for one requested, a
  // sector's section or a RIS3 area): the others need not be scored, which keeps the scan quick.
  const offered = new Set(subject.offerTerms);
  const requested = new Set(subject.requestTerms);
  const sections = new Set(subject.sectors.map((s) => naceSectionOf(s)).filter((s) => s !== undefined));
  const areas = new Set(subject.ris3Areas);
  const topical = (c: MatchParty) =>
    c.requestTerms.some((x) => offered.has(x)) ||
    c.offerTerms.some((x) => requested.has(x)) ||
    c.sectors.some((s) => sections.has(naceSectionOf(s) ?? '')) ||
    c.ris3Areas.some((a) => areas.has(a));
  for (const c of all) {
    if (!topical(c)) continue;
    if (c.ownerKey === subject.ownerKey || !c.available) continue;
    if (q.excludeSameCluster && shares(subject.clusterIds, c.clusterIds)) continue;
    if (subject.targetCountries.length && !shares(c.countries, subject.targetCountries)) continue;
    if (c.targetCountries.length && !shares(subject.countries, c.targetCountries)) continue;
    if (q.kind && !q.kind.includes(c.kind)) continue;
    if (q.country && !c.countries.includes(q.country)) continue;
    if (q.type && !shares(c.orgTypes, q.type)) continue;
    if (q.sector && !c.sectors.some((s) => q.sector!.some((f) => s === f || (/^[A-U]$/.test(f) && naceSectionOf(s) === f)))) continue;
    const score = scoreMatch(subject, c, weights);
    if (!score.components.some((x) => TOPICAL.includes(x.key) && x.fraction > 0)) continue;
    if (q.minScore !== undefined && score.score < q.minScore) continue;
    ranked.push({ party: c, raw: score.raw, score: score.score });
  }
  ranked.sort((a, b) => b.raw - a.raw || a.party.kind.localeCompare(b.party.kind) || (a.party.id < b.party.id ? -1 : 1));
  return ranked.slice(0, limit).map((r) => `${r.party.kind}:${r.party.id}:${r.score}`);
}
