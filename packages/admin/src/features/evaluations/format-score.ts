/** A score, median or percentile as the evaluation pages show it: one decimal at most, '–' for none. */
export const formatScore = (n: number | null | undefined, locale: string): string =>
  n === null || n === undefined ? '–' : n.toLocaleString(locale, { maximumFractionDigits: 1 });
