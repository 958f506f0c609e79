import { z } from 'zod';
import type { Country, Locale } from './common.js';

type Labels = Record<Locale, string>;

export interface Region {
  code: string;
  level: 2 | 3;
  country: Country;
  parent: string | null;
  label: Labels;
}

/**
 * The programme area of INTERREG V A Brandenburg–Polska, as NUTS 2021 codes (Eurostat; the
 * Brandenburg NUTS-3 codes have been unchanged since NUTS 2010): the Lubuskie voivodeship and the
 * Brandenburg border districts and cities.
 */
export const REGIONS: readonly Region[] = [
  { code: 'DE40', level: 2, country: 'DE', parent: null, label: { de: 'Brandenburg', pl: 'Brandenburgia', en: 'Brandenburg' } },
  { code: 'DE402', level: 3, country: 'DE', parent: 'DE40', label: { de: 'Cottbus', pl: 'Chociebuż', en: 'Cottbus' } },
  {
    code: 'DE403',
    level: 3,
    country: 'DE',
    parent: 'DE40',
    label: { de: 'Frankfurt (Oder)', pl: 'Frankfurt nad Odrą', en: 'Frankfurt (Oder)' },
  },
  { code: 'DE405', level: 3, country: 'DE', parent: 'DE40', label: { de: 'Barnim', pl: 'Barnim', en: 'Barnim' } },
  {
    code: 'DE409',
    level: 3,
    country: 'DE',
    parent: 'DE40',
    label: { de: 'Märkisch-Oderland', pl: 'Märkisch-Oderland', en: 'Märkisch-Oderland' },
  },
  { code: 'DE40C', level: 3, country: 'DE', parent: 'DE40', label: { de: 'Oder-Spree', pl: 'Odra-Sprewa', en: 'Oder-Spree' } },
  { code: 'DE40G', level: 3, country: 'DE', parent: 'DE40', label: { de: 'Spree-Neiße', pl: 'Sprewa-Nysa', en: 'Spree-Neiße' } },
  { code: 'DE40I', level: 3, country: 'DE', parent: 'DE40', label: { de: 'Uckermark', pl: 'Uckermark', en: 'Uckermark' } },
  { code: 'PL43', level: 2, country: 'PL', parent: null, label: { de: 'Lebus (Lubuskie)', pl: 'Lubuskie', en: 'Lubuskie' } },
  { code: 'PL431', level: 3, country: 'PL', parent: 'PL43', label: { de: 'Gorzowski (Landsberg)', pl: 'Gorzowski', en: 'Gorzowski' } },
  {
    code: 'PL432',
    level: 3,
    country: 'PL',
    parent: 'PL43',
    label: { de: 'Zielonogórski (Grünberg)', pl: 'Zielonogórski', en: 'Zielonogórski' },
  },
];
export const REGION_CODES = REGIONS.map((r) => r.code) as [string, ...string[]];
export const RegionCodeSchema = z.enum(REGION_CODES).meta({ id: 'RegionCode', description: 'NUTS 2021 code in the programme area' });

export function regionCountry(code: string): Country | undefined {
  return REGIONS.find((r) => r.code === code)?.country;
}

export interface NaceSection {
  code: string;
  /** First and last division of the section. */
  divisions: [number, number];
  label: Labels;
}

/** NACE Rev. 2 sections (Regulation (EC) No 1893/2006). */
export const NACE_SECTIONS: readonly NaceSection[] = [
  {
    code: 'A',
    divisions: [1, 3],
    label: {
      en: 'Agriculture, forestry and fishing',
      de: 'Land- und Forstwirtschaft, Fischerei',
      pl: 'Rolnictwo, leśnictwo, łowiectwo i rybactwo',
    },
  },
  {
    code: 'B',
    divisions: [5, 9],
    label: { en: 'Mining and quarrying', de: 'Bergbau und Gewinnung von Steinen und Erden', pl: 'Górnictwo i wydobywanie' },
  },
  { code: 'C', divisions: [10, 33], label: { en: 'Manufacturing', de: 'Verarbeitendes Gewerbe', pl: 'Przetwórstwo przemysłowe' } },
  {
    code: 'D',
    divisions: [35, 35],
    label: {
      en: 'Electricity, gas, steam and air conditioning supply',
      de: 'Energieversorgung',
      pl: 'Wytwarzanie i zaopatrywanie w energię elektryczną, gaz, parę wodną i gorącą wodę',
    },
  },
  {
    code: 'E',
    divisions: [36, 39],
    label: {
      en: 'Water supply; sewerage, waste management and remediation',
      de: 'Wasserversorgung; Abwasser- und Abfallentsorgung, Beseitigung von Umweltverschmutzungen',
      pl: 'Dostawa wody; gospodarowanie ściekami i odpadami oraz rekultywacja',
    },
  },
  { code: 'F', divisions: [41, 43], label: { en: 'Construction', de: 'Baugewerbe', pl: 'Budownictwo' } },
  {
    code: 'G',
    divisions: [45, 47],
    label: {
      en: 'Wholesale and retail trade; repair of motor vehicles',
      de: 'Handel; Instandhaltung und Reparatur von Kraftfahrzeugen',
      pl: 'Handel hurtowy i detaliczny; naprawa pojazdów samochodowych',
    },
  },
  {
    code: 'H',
    divisions: [49, 53],
    label: { en: 'Transportation and storage', de: 'Verkehr und Lagerei', pl: 'Transport i gospodarka magazynowa' },
  },
  {
    code: 'I',
    divisions: [55, 56],
    label: { en: 'Accommodation and food service activities', de: 'Gastgewerbe', pl: 'Zakwaterowanie i usługi gastronomiczne' },
  },
  {
    code: 'J',
    divisions: [58, 63],
    label: { en: 'Information and communication', de: 'Information und Kommunikation', pl: 'Informacja i komunikacja' },
  },
  {
    code: 'K',
    divisions: [64, 66],
    label: {
      en: 'Financial and insurance activities',
      de: 'Finanz- und Versicherungsdienstleistungen',
      pl: 'Działalność finansowa i ubezpieczeniowa',
    },
  },
  {
    code: 'L',
    divisions: [68, 68],
    label: { en: 'Real estate activities', de: 'Grundstücks- und Wohnungswesen', pl: 'Obsługa rynku nieruchomości' },
  },
  {
    code: 'M',
    divisions: [69, 75],
    label: {
      en: 'Professional, scientific and technical activities',
      de: 'Freiberufliche, wissenschaftliche und technische Dienstleistungen',
      pl: 'Działalność profesjonalna, naukowa i techniczna',
    },
  },
  {
    code: 'N',
    divisions: [77, 82],
    label: {
      en: 'Administrative and support service activities',
      de: 'Sonstige wirtschaftliche Dienstleistungen',
      pl: 'Administrowanie i działalność wspierająca',
    },
  },
  {
    code: 'O',
    divisions: [84, 84],
    label: {
      en: 'Public administration and defence; compulsory social security',
      de: 'Öffentliche Verwaltung, Verteidigung; Sozialversicherung',
      pl: 'Administracja publiczna i obrona narodowa; obowiązkowe zabezpieczenia społeczne',
    },
  },
  { code: 'P', divisions: [85, 85], label: { en: 'Education', de: 'Erziehung und Unterricht', pl: 'Edukacja' } },
  {
    code: 'Q',
    divisions: [86, 88],
    label: { en: 'Human health and social work activities', de: 'Gesundheits- und Sozialwesen', pl: 'Opieka zdrowotna i pomoc społeczna' },
  },
  {
    code: 'R',
    divisions: [90, 93],
    label: { en: 'Arts, entertainment and recreation', de: 'Kunst, Unterhaltung und Erholung', pl: 'Kultura, rozrywka i rekreacja' },
  },
  {
    code: 'S',
    divisions: [94, 96],
    label: { en: 'Other service activities', de: 'Sonstige Dienstleistungen', pl: 'Pozostała działalność usługowa' },
  },
  {
    code: 'T',
    divisions: [97, 98],
    label: {
      en: 'Activities of households as employers',
      de: 'Private Haushalte mit Hauspersonal',
      pl: 'Gospodarstwa domowe zatrudniające pracowników',
    },
  },
  {
    code: 'U',
    divisions: [99, 99],
    label: {
      en: 'Extraterritorial organisations and bodies',
      de: 'Exterritoriale Organisationen und Körperschaften',
      pl: 'Organizacje i zespoły eksterytorialne',
    },
  },
];

/** NACE Rev. 2 division codes in use (01–99 with gaps). */
const NACE_DIVISIONS_IN_USE = new Set([
  1,
  2,
  3,
  5,
  6,
  7,
  8,
  9,
  ...range(10, 33),
  35,
  36,
  37,
  38,
  39,
  41,
  42,
  43,
  45,
  46,
  47,
  49,
  50,
  51,
  52,
  53,
  55,
  56,
  58,
  59,
  60,
  61,
  62,
  63,
  64,
  65,
  66,
  68,
  ...range(69, 75),
  77,
  78,
  79,
  80,
  81,
  82,
  84,
  85,
  86,
  87,
  88,
  90,
  91,
  92,
  93,
  94,
  95,
  96,
  97,
  98,
  99,
]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The section a NACE code (section letter or two-digit division) belongs to. */
export function naceSectionOf(code: string): string | undefined {
  if (/^[A-U]$/.test(code)) return code;
  if (!/^\d{2}$/.test(code)) return undefined;
  const division = Number(code);
  if (!NACE_DIVISIONS_IN_USE.has(division)) return undefined;
  return NACE_SECTIONS.find((s) => division >= s.divisions[0] && division <= s.divisions[1])?.code;
}

export const NaceCodeSchema = z
  .string()
  .refine((c) => naceSectionOf(c) !== undefined, { message: 'Unknown NACE Rev. 2 section or division' })
  .meta({ id: 'NaceCode', description: 'NACE Rev. 2 section letter (A–U) or division (01–99)' });

export interface Ris3Area {
  code: string;
  /** The region whose innovation strategy names the area. */
  region: 'DE40' | 'PL43';
  label: Labels;
}

/**
 * Smart-specialisation areas: Brandenburg's clusters of the joint innovation strategy with Berlin
 * (innoBB 2025) and its own clusters; Lubuskie's four areas chosen in 2016 (Program Rozwoju
 * Innowacji Województwa Lubuskiego).
 */
export const RIS3_AREAS: readonly Ris3Area[] = [
  { code: 'BB-HEALTH', region: 'DE40', label: { de: 'Gesundheitswirtschaft', pl: 'Gospodarka zdrowotna', en: 'Healthcare industries' } },
  { code: 'BB-ENERGY', region: 'DE40', label: { de: 'Energietechnik', pl: 'Technika energetyczna', en: 'Energy technology' } },
  {
    code: 'BB-MOBILITY',
    region: 'DE40',
    label: { de: 'Verkehr, Mobilität und Logistik', pl: 'Transport, mobilność i logistyka', en: 'Transport, mobility and logistics' },
  },
  {
    code: 'BB-ICT',
    region: 'DE40',
    label: { de: 'IKT, Medien und Kreativwirtschaft', pl: 'ICT, media i przemysły kreatywne', en: 'ICT, media and creative industries' },
  },
  { code: 'BB-PHOTONICS', region: 'DE40', label: { de: 'Optik und Photonik', pl: 'Optyka i fotonika', en: 'Optics and photonics' } },
  { code: 'BB-FOOD', region: 'DE40', label: { de: 'Ernährungswirtschaft', pl: 'Przemysł spożywczy', en: 'Food industry' } },
  {
    code: 'BB-PLASTICS',
    region: 'DE40',
    label: { de: 'Kunststoffe und Chemie', pl: 'Tworzywa sztuczne i chemia', en: 'Plastics and chemistry' },
  },
  { code: 'BB-METAL', region: 'DE40', label: { de: 'Metall', pl: 'Metal', en: 'Metal' } },
  { code: 'BB-TOURISM', region: 'DE40', label: { de: 'Tourismus', pl: 'Turystyka', en: 'Tourism' } },
  { code: 'LB-GREEN', region: 'PL43', label: { de: 'Grüne Wirtschaft', pl: 'Zielona gospodarka', en: 'Green economy' } },
  {
    code: 'LB-HEALTH',
    region: 'PL43',
    label: { de: 'Gesundheit und Lebensqualität', pl: 'Zdrowie i jakość życia', en: 'Health and quality of life' },
  },
  { code: 'LB-INDUSTRY', region: 'PL43', label: { de: 'Innovative Industrie', pl: 'Innowacyjny przemysł', en: 'Innovative industry' } },
  {
    code: 'LB-COOPERATION',
    region: 'PL43',
    label: {
      de: 'Kooperation und Unternehmensdienstleistungen',
      pl: 'Współpraca i usługi biznesowe',
      en: 'Cooperation and business services',
    },
  },
];
export const RIS3_CODES = RIS3_AREAS.map((a) => a.code) as [string, ...string[]];
export const Ris3CodeSchema = z.enum(RIS3_CODES).meta({ id: 'Ris3Code', description: 'Smart-specialisation area' });
