import { escapeMarkup as esc, localDay, type ActionItemStatus, type Locale } from '@euregionet/shared';
import { htmlPage } from '../../html-page.js';
import { formatDay } from '../outbox/mail-text.js';
import type { ResultsView } from './evaluation-shares.service.js';

/**
 * The results page a cluster's management opens from a share link: plain server-rendered HTML
 * in the link's language, no script (the radar is inline SVG), one style block allowed by its
 * nonce. Everything from the database is escaped.
 */

const TEXT = {
  de: {
    title: 'Ergebnisse der Clusterevaluierung',
    framework: 'Bewertungsrahmen',
    evaluatedOn: 'Evaluiert am',
    overall: 'Gesamtergebnis',
    maturity: 'Reifegrad',
    validUntil: 'Dieser Link gilt bis',
    profile: 'Profil nach Dimensionen',
    radarLabel: 'Netzdiagramm der Ergebnisse je Dimension (0–100)',
    cohort: 'Vergleich mit anderen Clustern',
    cohortIntro: (n: number) => `Verglichen mit der neuesten genehmigten Evaluierung von ${n} Clustern im selben Bewertungsrahmen.`,
    dimension: 'Dimension',
    score: 'Ergebnis',
    median: 'Median',
    percentile: 'Perzentil',
    strengths: 'Stärken',
    weaknesses: 'Schwächen',
    notesLanguage: 'Die Anmerkungen sind in der Sprache der Evaluierung geschrieben.',
    actions: 'Maßnahmen',
    owner: 'Verantwortlich',
    due: 'Bis',
    status: 'Stand',
    noActions: 'Keine Maßnahmen vereinbart.',
    evidence: 'Nachweise',
    none: '—',
    invalid:
      'Dieser Link funktioniert nicht (mehr): Er ist abgelaufen oder wurde zurückgezogen. Bitte fragen Sie Ihre Ansprechperson nach einem neuen Link.',
  },
  pl: {
    title: 'Wyniki ewaluacji klastra',
    framework: 'Ramy oceny',
    evaluatedOn: 'Data ewaluacji',
    overall: 'Wynik ogólny',
    maturity: 'Poziom dojrzałości',
    validUntil: 'Link jest ważny do',
    profile: 'Profil według wymiarów',
    radarLabel: 'Wykres radarowy wyników według wymiarów (0–100)',
    cohort: 'Porównanie z innymi klastrami',
    cohortIntro: (n: number) => `Porównanie z najnowszą zatwierdzoną ewaluacją ${n} klastrów w tych samych ramach oceny.`,
    dimension: 'Wymiar',
    score: 'Wynik',
    median: 'Mediana',
    percentile: 'Percentyl',
    strengths: 'Mocne strony',
    weaknesses: 'Słabe strony',
    notesLanguage: 'Uwagi są zapisane w języku ewaluacji.',
    actions: 'Działania',
    owner: 'Odpowiedzialny',
    due: 'Termin',
    status: 'Stan',
    noActions: 'Nie uzgodniono działań.',
    evidence: 'Dokumenty źródłowe',
    none: '—',
    invalid: 'Ten link nie działa (już): wygasł lub został wycofany. Poproś swoją osobę kontaktową o nowy link.',
  },
  en: {
    title: 'Results of the cluster evaluation',
    framework: 'Framework',
    evaluatedOn: 'Evaluated on',
    overall: 'Overall score',
    maturity: 'Maturity level',
    validUntil: 'This link works until',
    profile: 'Profile by dimension',
    radarLabel: 'Radar chart of the scores per dimension (0–100)',
    cohort: 'Comparison with other clusters',
    cohortIntro: (n: number) => `Compared with the latest approved evaluation of ${n} clusters in the same framework.`,
    dimension: 'Dimension',
    score: 'Score',
    median: 'Median',
    percentile: 'Percentile',
    strengths: 'Strengths',
    weaknesses: 'Weaknesses',
    notesLanguage: 'The notes are written in the language of the evaluation.',
    actions: 'Action items',
    owner: 'Owner',
    due: 'Due',
    status: 'Status',
    noActions: 'No action items agreed.',
    evidence: 'Evidence',
    none: '—',
    invalid: 'This link does not work (any more): it has expired or was revoked. Please ask your contact person for a new link.',
  },
} as const;

export const ACTION_STATUS_LABELS: Record<ActionItemStatus, Record<Locale, string>> = {
  open: { de: 'Offen', pl: 'Otwarte', en: 'Open' },
  in_progress: { de: 'In Arbeit', pl: 'W toku', en: 'In progress' },
  done: { de: 'Erledigt', pl: 'Zrealizowane', en: 'Done' },
};

/** What the results page adds to the shared frame: the tables, the radar, the notes. */
const STYLE = `table{border-collapse:collapse;width:100%;background:#fff;border-radius:6px}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e4e7eb;vertical-align:top;overflow-wrap:anywhere}
td.num,th.num{text-align:right;white-space:nowrap}.wrap{overflow-x:auto}.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;padding:1rem;border-radius:6px;margin:0}
.status-done{color:#2e7d32;font-weight:600}.status-in_progress{color:#8a5a00;font-weight:600}
figure{margin:0;background:#fff;border-radius:6px;padding:1rem;text-align:center}svg{max-width:100%;height:auto}ul.files{padding-left:1.25rem}`;

const page = (lang: Locale, nonce: string, title: string, content: string) =>
  htmlPage({ lang, nonce, title, width: '48rem', style: STYLE }, content);

const number = (value: number | null, lang: Locale) =>
  value === null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang, { maximumFractionDigits: 1 }).format(value);

const bytes = (n: number, lang: Locale) =>
  n < 1024 * 1024 ? `${number(Math.max(1, Math.round(n / 1024)), lang)} KB` : `${number(Math.round(n / 104857.6) / 10, lang)} MB`;

/**
 * The radar of the dimension scores (0–100) as SVG: a ring per 25 points, a spoke per dimension,
 * the cluster's polygon and the cohort's median as a dashed polygon.
 */
export function radarSvg(dimensions: ResultsView['dimensions'], label: string): string {
  const n = dimensions.length;
  if (n < 3) return '';
  const c = 160;
  const r = 110;
  const at = (i: number, value: number) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const d = (r * Math.max(0, Math.min(100, value))) / 100;
    return [c + d * Math.cos(angle), c + d * Math.sin(angle)] as const;
  };
  const points = (values: (number | null)[]) =>
    values
      .map((v, i) => at(i, v ?? 0))
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join(' ');
  const rings = [25, 50, 75, 100]
    .map((v) => `<polygon points="${points(dimensions.map(() => v))}" fill="none" stroke="#cbd2d9"/>`)
    .join('');
  const spokes = dimensions
    .map((_, i) => {
      const [x, y] = at(i, 100);
      return `<line x1="${c}" y1="${c}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#cbd2d9"/>`;
    })
    .join('');
  const labels = dimensions
    .map((d, i) => {
      const [x, y] = at(i, 118);
      const anchor = Math.abs(x - c) < 5 ? 'middle' : x > c ? 'start' : 'end';
      const short = d.name.length > 22 ? `${d.name.slice(0, 21)}…` : d.name;
      return `<text x="${x.toFixed(1)}" y="${(y + 4).toFixed(1)}" text-anchor="${anchor}" font-size="11" fill="#17212b">${esc(short)}</text>`;
    })
    .join('');
  const median = dimensions.some((d) => d.median !== null)
    ? `<polygon points="${points(dimensions.map((d) => d.median))}" fill="none" stroke="#8a5a00" stroke-dasharray="4 3" stroke-width="1.5"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-110 0 540 320" width="540" height="320" role="img" aria-label="${esc(label)}" data-testid="radar"><title>${esc(label)}</title>${rings}${spokes}${median}<polygon points="${points(dimensions.map((d) => d.score))}" fill="rgba(18,63,107,.25)" stroke="#123f6b" stroke-width="2"/>${labels}</svg>`;
}

export function renderResultsPage(view: ResultsView, o: { nonce: string; fileUrl: (id: string) => string }): string {
  const lang = view.language;
  const t = TEXT[lang];
  const rows = view.dimensions
    .map(
      (d) =>
        `<tr><th scope="row">${esc(d.name)}</th><td class="num">${number(d.score, lang)}</td><td class="num">${number(d.median, lang)}</td><td class="num">${number(d.percentile, lang)}</td></tr>`,
    )
    .join('');
  const actions = view.actionItems.length
    ? `<div class="wrap"><table data-testid="actions"><thead><tr><th scope="col">${esc(t.actions)}</th><th scope="col">${esc(t.owner)}</th><th scope="col">${esc(t.due)}</th><th scope="col">${esc(t.status)}</th></tr></thead><tbody>${view.actionItems
        .map(
          (a) =>
            `<tr><td>${esc(a.text)}</td><td>${esc(a.owner || t.none)}</td><td>${a.dueDate ? esc(formatDay(a.dueDate, lang)) : t.none}</td><td class="status-${a.status}">${esc(ACTION_STATUS_LABELS[a.status][lang])}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : `<p>${esc(t.noActions)}</p>`;
  const files = view.files.length
    ? `<h2>${esc(t.evidence)}</h2><ul class="files" data-testid="files">${view.files
        .map(
          (f) =>
            `<li><a href="${esc(o.fileUrl(f.id))}" download>${esc(f.name)}</a> <span class="hint">(${esc(bytes(f.size, lang))})</span></li>`,
        )
        .join('')}</ul>`
    : '';
  const note = (heading: string, text: string) => `<h2>${esc(heading)}</h2><p class="text">${text ? esc(text) : t.none}</p>`;
  return page(
    lang,
    o.nonce,
    `${t.title}: ${view.clusterName}`,
    `<h1>${esc(t.title)}: <span data-testid="cluster">${esc(view.clusterName)}</span></h1>
<dl><dt>${esc(t.framework)}</dt><dd>${esc(view.frameworkName)}</dd>
<dt>${esc(t.evaluatedOn)}</dt><dd>${esc(formatDay(view.evaluatedOn, lang))}</dd>
<dt>${esc(t.overall)}</dt><dd data-testid="overall">${number(view.overall, lang)} / 100</dd>
<dt>${esc(t.maturity)}</dt><dd>${esc(view.maturity ?? t.none)}</dd>
<dt>${esc(t.validUntil)}</dt><dd>${esc(formatDay(localDay(new Date(view.expiresAt)), lang))}</dd></dl>
<h2>${esc(t.profile)}</h2><figure>${radarSvg(view.dimensions, t.radarLabel)}</figure>
<h2>${esc(t.cohort)}</h2><p class="hint">${esc(t.cohortIntro(view.cohort.size))}</p>
<div class="wrap"><table data-testid="cohort"><thead><tr><th scope="col">${esc(t.dimension)}</th><th scope="col" class="num">${esc(t.score)}</th><th scope="col" class="num">${esc(t.median)}</th><th scope="col" class="num">${esc(t.percentile)}</th></tr></thead>
<tbody>${rows}<tr><th scope="row">${esc(t.overall)}</th><td class="num">${number(view.overall, lang)}</td><td class="num">${number(view.cohort.median, lang)}</td><td class="num">${number(view.cohort.percentile, lang)}</td></tr></tbody></table></div>
${view.notesLanguage === lang ? '' : `<p class="hint">${esc(t.notesLanguage)}</p>`}
<div data-testid="strengths">${note(t.strengths, view.strengths)}</div>
<div data-testid="weaknesses">${note(t.weaknesses, view.weaknesses)}</div>
<h2>${esc(t.actions)}</h2>${actions}${files}`,
  );
}

/** A link that opens nothing: said in the language the browser asks for. */
export function renderInvalidResultsLink(lang: Locale, nonce: string): string {
  return page(
    lang,
    nonce,
    TEXT[lang].title,
    `<h1>${esc(TEXT[lang].title)}</h1><p class="notice error" role="status">${esc(TEXT[lang].invalid)}</p>`,
  );
}
