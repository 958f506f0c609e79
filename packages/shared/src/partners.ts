import { z } from 'zod';
import type { Country, Locale } from './common.js';

/** The four project partners whose staff use the admin app. */
export const PARTNERS = [
  { code: 'BIC', name: 'BIC Business and Innovation Centre', city: 'Frankfurt (Oder)', country: 'DE', lead: true },
  { code: 'LOP', name: 'Lubuska Organizacja Pracodawców', city: 'Gorzów Wielkopolski', country: 'PL', lead: false },
  { code: 'CIT', name: 'CIT GmbH – Centre for Innovation and Technology', city: 'Forst (Lausitz)', country: 'DE', lead: false },
  { code: 'ESNB', name: 'Euroregion Sprewa-Nysa-Bóbr', city: 'Gubin', country: 'PL', lead: false },
] as const satisfies readonly { code: string; name: string; city: string; country: Country; lead: boolean }[];

export const PARTNER_CODES = PARTNERS.map((p) => p.code) as unknown as readonly ['BIC', 'LOP', 'CIT', 'ESNB'];
export const PartnerCodeSchema = z.enum(PARTNER_CODES).meta({ id: 'PartnerCode', description: 'Project partner' });
export type PartnerCode = z.infer<typeof PartnerCodeSchema>;

/** The language of a country's staff and, unless they choose another, of their accounts. */
export function languageOfCountry(country: Country): Locale {
  return country === 'PL' ? 'pl' : 'de';
}

/** The language an account gets unless someone chooses another: that of the partner's country. */
export function defaultLanguageOf(partner: PartnerCode): Locale {
  return languageOfCountry(PARTNERS.find((p) => p.code === partner)!.country);
}
