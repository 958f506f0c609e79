import { escapeMarkup, type Locale } from '@euregionet/shared';

/** The name of the joint brand in each language. */
export const BRAND_NAME: Record<Locale, string> = {
  de: 'Deutsch-polnische Clustermarke',
  pl: 'Polsko-niemiecka marka klastrów',
  en: 'Polish–German Cluster Brand',
};

/** Rough advance width of a text in a sans-serif font, enough to size the badge. */
export const widthOf = (text: string, size: number) => Math.ceil([...text].length * size * 0.56);

const MAX_NAME = 48;

/**
 * The longest badge the API sends: a cluster's badge stays under 3,000 characters; the brand's
 * carries its signed certificate (at most 10,000 characters, each escaped to at most six).
 */
export const BADGE_MAX = 100_000;

/**
 * The joint-brand badge of a cluster as a self-contained SVG (no fonts, scripts or links to
 * fetch), to embed with `<img>`: an emblem in the colours of both flags, the brand's name in
 * the language asked for and the cluster's name.
 */
export function renderBadge(clusterName: string, lang: Locale): string {
  const brand = BRAND_NAME[lang];
  const name = [...clusterName].length > MAX_NAME ? `${[...clusterName].slice(0, MAX_NAME - 1).join('')}…` : clusterName;
  const width = 56 + Math.max(widthOf(brand, 10), widthOf(name, 13)) + 14;
  const label = `${brand}: ${name}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="48" viewBox="0 0 ${width} 48" role="img" aria-label="${escapeMarkup(label)}" lang="${lang}">
<title>${escapeMarkup(label)}</title>
<rect width="${width}" height="48" rx="8" fill="#ffffff" stroke="#123f6b" stroke-width="2"/>
<g transform="translate(8 8)">
<rect width="16" height="16" fill="#ffffff" stroke="#d9dfe5"/><rect y="16" width="16" height="16" fill="#dc143c"/>
<rect x="16" width="16" height="11" fill="#000000"/><rect x="16" y="11" width="16" height="10" fill="#dd0000"/><rect x="16" y="21" width="16" height="11" fill="#ffce00"/>
</g>
<text x="50" y="20" font-family="system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif" font-size="10" fill="#123f6b" letter-spacing="0.3">${escapeMarkup(brand)}</text>
<text x="50" y="37" font-family="system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif" font-size="13" font-weight="700" fill="#17212b">${escapeMarkup(name)}</text>
</svg>
`;
}
