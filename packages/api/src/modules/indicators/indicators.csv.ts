import {
  csvCell,
  PARTNERS,
  REPORT_LABELS,
  REPORT_OUTCOME_LABELS,
  REPORT_TOPIC_LABELS,
  type ConsultingOutcome,
  type ConsultingTopic,
  type Locale,
  type ProjectIndicators,
} from '@euregionet/shared';

export const CSV_COLUMNS = ['section', 'indicator', 'label', 'value', 'target', 'from', 'to', 'record', 'identifier', 'date'] as const;

/**
 * The dashboard as CSV for a reporting period: one line per figure (with its target), the
 * consulting breakdowns and the matchmaking figures, and with `evidence` one line per record
 * behind each figure. UTF-8 with a byte order mark, so that spreadsheet programs read ą and ß.
 */
export function indicatorsCsv(data: ProjectIndicators, options: { lang: Locale; evidence: boolean; delimiter: ',' | ';' }): string {
  const { lang, delimiter } = options;
  const from = data.period.from ?? '';
  const to = data.period.to ?? data.today;
  const lines: (string | number | null)[][] = [[...CSV_COLUMNS]];
  const line = (section: string, key: string, label: string, value: number | null, target: number | null = null) =>
    lines.push([section, key, label, value, target, from, to, null, null, null]);

  for (const f of data.figures) line('figure', f.key, REPORT_LABELS[f.key][lang], f.value, f.target);
  line('figure', 'dialogue_participants', `${REPORT_LABELS.dialogue_events[lang]}: ${REPORT_LABELS.participants[lang]}`, data.participants);
  line('figure', 'publications', REPORT_LABELS.publications[lang], data.publications);
  for (const y of data.brandByYear) {
    line('brand_year', String(y.year), `${REPORT_LABELS.brand_awards[lang]} ${y.year}`, y.awards);
    line('brand_year_renewals', String(y.year), `${REPORT_LABELS.brand_renewals[lang]} ${y.year}`, y.renewals);
  }

  const consulting = REPORT_LABELS.consulting_requests[lang];
  line('consulting', 'consulting_requests', consulting, data.consulting.total);
  for (const t of data.consulting.byTopic) {
    line(
      'consulting_topic',
      t.key,
      `${consulting} ${REPORT_LABELS.by_topic[lang]}: ${REPORT_TOPIC_LABELS[t.key as ConsultingTopic][lang]}`,
      t.count,
    );
  }
  for (const p of data.consulting.byPartner) {
    const partner = PARTNERS.find((x) => x.code === p.key);
    line('consulting_partner', p.key, `${consulting} ${REPORT_LABELS.by_partner[lang]}: ${p.key} – ${partner?.name ?? p.key}`, p.count);
  }
  for (const o of data.consulting.byOutcome) {
    line(
      'consulting_outcome',
      o.key,
      `${consulting} ${REPORT_LABELS.by_outcome[lang]}: ${REPORT_OUTCOME_LABELS[o.key as ConsultingOutcome | 'unresolved'][lang]}`,
      o.count,
    );
  }

  const m = data.matches.figures;
  const suffix = m ? '' : ` (${REPORT_LABELS.not_available[lang]})`;
  line('matches', 'matches_introduced', REPORT_LABELS.matches_introduced[lang] + suffix, m?.introduced ?? null);
  line(
    'matches',
    'matches_introduced_cross_border',
    REPORT_LABELS.matches_introduced_cross_border[lang] + suffix,
    m?.introducedCrossBorder ?? null,
  );
  line('matches', 'cooperations_agreed', REPORT_LABELS.cooperations_agreed[lang] + suffix, m?.agreed ?? null);
  line(
    'matches',
    'cooperations_agreed_cross_border',
    REPORT_LABELS.cooperations_agreed_cross_border[lang] + suffix,
    m?.agreedCrossBorder ?? null,
  );

  if (options.evidence) {
    for (const f of data.figures) {
      for (const e of f.evidence) {
        const identifier = e.identifier ?? (e.foundedYear !== null ? String(e.foundedYear) : e.id);
        lines.push(['evidence', f.key, REPORT_LABELS[f.key][lang], null, null, from, to, e.name, identifier, e.date]);
      }
    }
  }
  return `\uFEFF${lines.map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}
