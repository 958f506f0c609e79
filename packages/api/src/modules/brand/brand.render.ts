import { escapeMarkup as esc, type BrandValidity, type BrandVerification, type Locale } from '@euregionet/shared';
import { htmlPage } from '../../html-page.js';
import { BRAND_NAME, widthOf } from '../public/badge.js';

/** The few words of the verification page and the badge, in each language. */
const WORDS: Record<
  Locale,
  {
    title: string;
    holder: string;
    certificate: string;
    level: string;
    criteria: string;
    since: string;
    until: string;
    status: string;
    predates: string;
    none: string;
    signature: string;
    states: Record<BrandValidity, string>;
    validUntil: string;
  }
> = {
  de: {
    title: 'Prüfung der Clustermarke',
    holder: 'Inhaber',
    certificate: 'Zertifikat',
    level: 'Stufe',
    criteria: 'Kriterien',
    since: 'Gültig seit',
    until: 'Gültig bis',
    status: 'Status',
    predates: 'vor den Kriterien verliehen',
    none: '–',
    signature: 'Ed25519-Signatur der Zertifikatsdaten (öffentlicher Schlüssel unter /.well-known/euregionet-brand-key)',
    states: { valid: 'gültig', expired: 'abgelaufen', suspended: 'ausgesetzt', revoked: 'entzogen' },
    validUntil: 'gültig bis',
  },
  pl: {
    title: 'Weryfikacja marki klastrów',
    holder: 'Posiadacz',
    certificate: 'Certyfikat',
    level: 'Poziom',
    criteria: 'Kryteria',
    since: 'Ważny od',
    until: 'Ważny do',
    status: 'Status',
    predates: 'nadany przed kryteriami',
    none: '–',
    signature: 'Podpis Ed25519 danych certyfikatu (klucz publiczny: /.well-known/euregionet-brand-key)',
    states: { valid: 'ważny', expired: 'wygasł', suspended: 'zawieszony', revoked: 'odebrany' },
    validUntil: 'ważny do',
  },
  en: {
    title: 'Cluster brand verification',
    holder: 'Holder',
    certificate: 'Certificate',
    level: 'Level',
    criteria: 'Criteria',
    since: 'Valid since',
    until: 'Valid until',
    status: 'Status',
    predates: 'awarded before the criteria',
    none: '–',
    signature: 'Ed25519 signature of the certificate data (public key at /.well-known/euregionet-brand-key)',
    states: { valid: 'valid', expired: 'expired', suspended: 'suspended', revoked: 'revoked' },
    validUntil: 'valid until',
  },
};

const FONT = `font-family="system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif"`;

/**
 * The badge of an award as a self-contained SVG: while valid, the brand's emblem, name, holder
 * and end date; otherwise a grey badge that says expired, suspended or revoked instead of
 * showing the brand. The signed certificate data travel in `<metadata>`, so that a portal can
 * verify a badge it stored without asking the platform. It links to the verification page (the
 * link works where the SVG is opened or embedded as an object; an `<img>` wraps it in `<a>`).
 */
export function renderBrandBadge(v: BrandVerification, holderName: string, lang: Locale): string {
  const w = WORDS[lang];
  const valid = v.status === 'valid';
  const first = valid ? BRAND_NAME[lang] : `${BRAND_NAME[lang]}: ${w.states[v.status]}`;
  const second = valid ? `${holderName} · ${w.validUntil} ${v.validUntil}` : holderName;
  const width = 56 + Math.max(widthOf(first, 10), widthOf(second, 12)) + 14;
  const label = `${first}. ${second}`;
  const emblem = valid
    ? `<rect width="16" height="16" fill="#ffffff" stroke="#d9dfe5"/><rect y="16" width="16" height="16" fill="#dc143c"/>
<rect x="16" width="16" height="11" fill="#000000"/><rect x="16" y="11" width="16" height="10" fill="#dd0000"/><rect x="16" y="21" width="16" height="11" fill="#ffce00"/>`
    : `<rect width="32" height="32" rx="16" fill="#8a949e"/><path d="M9 9 L23 23 M23 9 L9 23" stroke="#ffffff" stroke-width="4"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="48" viewBox="0 0 ${width} 48" role="img" aria-label="${esc(label)}" lang="${lang}" data-status="${v.status}">
<title>${esc(label)}</title>
<metadata id="euregionet-brand-certificate" data-key-id="${esc(v.keyId)}" data-signature="${esc(v.signature)}">${esc(v.payload)}</metadata>
<a href="${esc(v.verifyUrl)}" xlink:href="${esc(v.verifyUrl)}" target="_top">
<rect width="${width}" height="48" rx="8" fill="${valid ? '#ffffff' : '#f1f3f5'}" stroke="${valid ? '#123f6b' : '#8a949e'}" stroke-width="2"/>
<g transform="translate(8 8)">${emblem}</g>
<text x="50" y="20" ${FONT} font-size="10" fill="${valid ? '#123f6b' : '#4a545e'}" letter-spacing="0.3">${esc(first)}</text>
<text x="50" y="37" ${FONT} font-size="12" font-weight="700" fill="#17212b">${esc(second)}</text>
</a>
</svg>
`;
}

/** The page as a card on the shared frame. */
const STYLE = `body{padding:0 1rem}main{background:#fff;border:1px solid #d9dfe5;border-radius:8px;padding:1.5rem;margin:2rem auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #eef1f4;vertical-align:top;overflow-wrap:anywhere}
th{width:40%;font-weight:600}.status{font-weight:700}.valid{color:#1b6e2f}.expired,.suspended,.revoked{color:#a3271a}
.sig{font-size:.8rem;color:#4a545e;overflow-wrap:anywhere}nav{margin-top:1rem}`;

/**
 * The verification page behind the same link as the JSON answer: what the certificate says, in
 * one language, with links to the other two. Everything from the database is escaped; the page
 * has no script and is sent with a Content-Security-Policy that allows none (`sendPage`). Anyone may
 * check a brand, so unlike the pages behind a secret link it may be indexed.
 */
export function renderVerificationPage(v: BrandVerification, holderName: string, lang: Locale, nonce: string): string {
  const w = WORDS[lang];
  const row = (label: string, value: string, testId: string) =>
    `<tr><th scope="row">${esc(label)}</th><td data-testid="${testId}">${value}</td></tr>`;
  const others = (['de', 'pl', 'en'] as const)
    .filter((l) => l !== lang)
    .map((l) => `<a href="?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`)
    .join(' · ');
  return htmlPage(
    { lang, nonce, title: `${w.title}: ${holderName}`, width: '40rem', style: STYLE, indexable: true },
    `<h1>${esc(w.title)}</h1>
<p><img src="${esc(v.badgeUrl)}?lang=${lang}" alt="${esc(BRAND_NAME[lang])}: ${esc(w.states[v.status])}"></p>
<table>
${row(w.holder, esc(holderName), 'holder')}
${row(w.status, `<span class="status ${v.status}">${esc(w.states[v.status])}</span>`, 'status')}
${row(w.certificate, esc(v.certificate), 'certificate')}
${row(w.level, esc(v.level ?? w.none), 'level')}
${row(w.criteria, v.criteriaVersion === null ? esc(w.predates) : esc(String(v.criteriaVersion)), 'criteria')}
${row(w.since, esc(v.validFrom), 'since')}
${row(w.until, esc(v.validUntil), 'until')}
</table>
<p class="sig">${esc(w.signature)}: <code>${esc(v.signature)}</code></p>
<nav>${others}</nav>`,
  );
}
