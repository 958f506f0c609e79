import { z } from 'zod';
import type { Country } from './common.js';

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
