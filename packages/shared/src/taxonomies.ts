import { z } from 'zod';
import { COUNTRIES, type Country, type Locale, INT32_MIN, int32, boundedArray, boundedText, CodeTextSchema } from './common.js';

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

/** The country of a NUTS region of the programme area; undefined for a code outside it. */
export function regionCountry(code: string): Country | undefined {
  return REGIONS.find((r) => r.code === code)?.country;
}

/**
 * The countries a set of regions lies in, each once, in the order of `COUNTRIES` (whatever the
 * order of the regions): a cluster's countries, as stored and as compared.
 */
export function countriesOfRegions(codes: readonly string[]): Country[] {
  const found = new Set(codes.map(regionCountry));
  return COUNTRIES.filter((c) => found.has(c));
}

/** The regions of one country, in the order of `REGIONS` (each NUTS-2 region before its NUTS-3 regions). */
export function regionsOfCountry(country: Country): Region[] {
  return REGIONS.filter((r) => r.country === country);
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
      pl: 'Wytwarzanie i zaopatrywanie w energię elektryczną, gaz, parę wodną, gorącą wodę i powietrze do układów klimatyzacyjnych',
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

export interface NaceDivision {
  /** Two digits, 01–99 (with gaps). */
  code: string;
  section: string;
  label: Labels;
}

const d = (code: string, section: string, en: string, de: string, pl: string): NaceDivision => ({ code, section, label: { de, pl, en } });

/**
 * The 88 divisions of NACE Rev. 2 with their official titles: English (Regulation (EC) No
 * 1893/2006), German (WZ 2008 / NACE Rev. 2 DE) and Polish (PKD 2007 / NACE Rev. 2 PL).
 */
export const NACE_DIVISIONS: readonly NaceDivision[] = [
  d(
    '01',
    'A',
    'Crop and animal production, hunting and related service activities',
    'Landwirtschaft, Jagd und damit verbundene Tätigkeiten',
    'Uprawy rolne, chów i hodowla zwierząt, łowiectwo, włączając działalność usługową',
  ),
  d('02', 'A', 'Forestry and logging', 'Forstwirtschaft und Holzeinschlag', 'Leśnictwo i pozyskiwanie drewna'),
  d('03', 'A', 'Fishing and aquaculture', 'Fischerei und Aquakultur', 'Rybactwo'),
  d('05', 'B', 'Mining of coal and lignite', 'Kohlenbergbau', 'Wydobywanie węgla kamiennego i węgla brunatnego (lignitu)'),
  d(
    '06',
    'B',
    'Extraction of crude petroleum and natural gas',
    'Gewinnung von Erdöl und Erdgas',
    'Górnictwo ropy naftowej i gazu ziemnego',
  ),
  d('07', 'B', 'Mining of metal ores', 'Erzbergbau', 'Górnictwo rud metali'),
  d('08', 'B', 'Other mining and quarrying', 'Gewinnung von Steinen und Erden, sonstiger Bergbau', 'Pozostałe górnictwo i wydobywanie'),
  d(
    '09',
    'B',
    'Mining support service activities',
    'Erbringung von Dienstleistungen für den Bergbau und für die Gewinnung von Steinen und Erden',
    'Działalność usługowa wspomagająca górnictwo i wydobywanie',
  ),
  d('10', 'C', 'Manufacture of food products', 'Herstellung von Nahrungs- und Futtermitteln', 'Produkcja artykułów spożywczych'),
  d('11', 'C', 'Manufacture of beverages', 'Getränkeherstellung', 'Produkcja napojów'),
  d('12', 'C', 'Manufacture of tobacco products', 'Tabakverarbeitung', 'Produkcja wyrobów tytoniowych'),
  d('13', 'C', 'Manufacture of textiles', 'Herstellung von Textilien', 'Produkcja wyrobów tekstylnych'),
  d('14', 'C', 'Manufacture of wearing apparel', 'Herstellung von Bekleidung', 'Produkcja odzieży'),
  d(
    '15',
    'C',
    'Manufacture of leather and related products',
    'Herstellung von Leder, Lederwaren und Schuhen',
    'Produkcja skór i wyrobów ze skór wyprawionych',
  ),
  d(
    '16',
    'C',
    'Manufacture of wood and of products of wood and cork, except furniture; manufacture of articles of straw and plaiting materials',
    'Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)',
    'Produkcja wyrobów z drewna oraz korka, z wyłączeniem mebli; produkcja wyrobów ze słomy i materiałów używanych do wyplatania',
  ),
  d(
    '17',
    'C',
    'Manufacture of paper and paper products',
    'Herstellung von Papier, Pappe und Waren daraus',
    'Produkcja papieru i wyrobów z papieru',
  ),
  d(
    '18',
    'C',
    'Printing and reproduction of recorded media',
    'Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- und Datenträgern',
    'Poligrafia i reprodukcja zapisanych nośników informacji',
  ),
  d(
    '19',
    'C',
    'Manufacture of coke and refined petroleum products',
    'Kokerei und Mineralölverarbeitung',
    'Wytwarzanie i przetwarzanie koksu i produktów rafinacji ropy naftowej',
  ),
  d(
    '20',
    'C',
    'Manufacture of chemicals and chemical products',
    'Herstellung von chemischen Erzeugnissen',
    'Produkcja chemikaliów i wyrobów chemicznych',
  ),
  d(
    '21',
    'C',
    'Manufacture of basic pharmaceutical products and pharmaceutical preparations',
    'Herstellung von pharmazeutischen Erzeugnissen',
    'Produkcja podstawowych substancji farmaceutycznych oraz leków i pozostałych wyrobów farmaceutycznych',
  ),
  d(
    '22',
    'C',
    'Manufacture of rubber and plastic products',
    'Herstellung von Gummi- und Kunststoffwaren',
    'Produkcja wyrobów z gumy i tworzyw sztucznych',
  ),
  d(
    '23',
    'C',
    'Manufacture of other non-metallic mineral products',
    'Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden',
    'Produkcja wyrobów z pozostałych mineralnych surowców niemetalicznych',
  ),
  d('24', 'C', 'Manufacture of basic metals', 'Metallerzeugung und -bearbeitung', 'Produkcja metali'),
  d(
    '25',
    'C',
    'Manufacture of fabricated metal products, except machinery and equipment',
    'Herstellung von Metallerzeugnissen',
    'Produkcja metalowych wyrobów gotowych, z wyłączeniem maszyn i urządzeń',
  ),
  d(
    '26',
    'C',
    'Manufacture of computer, electronic and optical products',
    'Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen',
    'Produkcja komputerów, wyrobów elektronicznych i optycznych',
  ),
  d('27', 'C', 'Manufacture of electrical equipment', 'Herstellung von elektrischen Ausrüstungen', 'Produkcja urządzeń elektrycznych'),
  d(
    '28',
    'C',
    'Manufacture of machinery and equipment n.e.c.',
    'Maschinenbau',
    'Produkcja maszyn i urządzeń, gdzie indziej niesklasyfikowana',
  ),
  d(
    '29',
    'C',
    'Manufacture of motor vehicles, trailers and semi-trailers',
    'Herstellung von Kraftwagen und Kraftwagenteilen',
    'Produkcja pojazdów samochodowych, przyczep i naczep, z wyłączeniem motocykli',
  ),
  d('30', 'C', 'Manufacture of other transport equipment', 'Sonstiger Fahrzeugbau', 'Produkcja pozostałego sprzętu transportowego'),
  d('31', 'C', 'Manufacture of furniture', 'Herstellung von Möbeln', 'Produkcja mebli'),
  d('32', 'C', 'Other manufacturing', 'Herstellung von sonstigen Waren', 'Pozostała produkcja wyrobów'),
  d(
    '33',
    'C',
    'Repair and installation of machinery and equipment',
    'Reparatur und Installation von Maschinen und Ausrüstungen',
    'Naprawa, konserwacja i instalowanie maszyn i urządzeń',
  ),
  d(
    '35',
    'D',
    'Electricity, gas, steam and air conditioning supply',
    'Energieversorgung',
    'Wytwarzanie i zaopatrywanie w energię elektryczną, gaz, parę wodną, gorącą wodę i powietrze do układów klimatyzacyjnych',
  ),
  d('36', 'E', 'Water collection, treatment and supply', 'Wasserversorgung', 'Pobór, uzdatnianie i dostarczanie wody'),
  d('37', 'E', 'Sewerage', 'Abwasserentsorgung', 'Odprowadzanie i oczyszczanie ścieków'),
  d(
    '38',
    'E',
    'Waste collection, treatment and disposal activities; materials recovery',
    'Sammlung, Behandlung und Beseitigung von Abfällen; Rückgewinnung',
    'Działalność związana ze zbieraniem, przetwarzaniem i unieszkodliwianiem odpadów; odzysk surowców',
  ),
  d(
    '39',
    'E',
    'Remediation activities and other waste management services',
    'Beseitigung von Umweltverschmutzungen und sonstige Entsorgung',
    'Działalność związana z rekultywacją i pozostała działalność usługowa związana z gospodarką odpadami',
  ),
  d('41', 'F', 'Construction of buildings', 'Hochbau', 'Roboty budowlane związane ze wznoszeniem budynków'),
  d('42', 'F', 'Civil engineering', 'Tiefbau', 'Roboty związane z budową obiektów inżynierii lądowej i wodnej'),
  d(
    '43',
    'F',
    'Specialised construction activities',
    'Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe',
    'Roboty budowlane specjalistyczne',
  ),
  d(
    '45',
    'G',
    'Wholesale and retail trade and repair of motor vehicles and motorcycles',
    'Handel mit Kraftfahrzeugen; Instandhaltung und Reparatur von Kraftfahrzeugen',
    'Handel hurtowy i detaliczny pojazdami samochodowymi; naprawa pojazdów samochodowych',
  ),
  d(
    '46',
    'G',
    'Wholesale trade, except of motor vehicles and motorcycles',
    'Großhandel (ohne Handel mit Kraftfahrzeugen)',
    'Handel hurtowy, z wyłączeniem handlu pojazdami samochodowymi',
  ),
  d(
    '47',
    'G',
    'Retail trade, except of motor vehicles and motorcycles',
    'Einzelhandel (ohne Handel mit Kraftfahrzeugen)',
    'Handel detaliczny, z wyłączeniem handlu detalicznego pojazdami samochodowymi',
  ),
  d(
    '49',
    'H',
    'Land transport and transport via pipelines',
    'Landverkehr und Transport in Rohrfernleitungen',
    'Transport lądowy oraz transport rurociągowy',
  ),
  d('50', 'H', 'Water transport', 'Schifffahrt', 'Transport wodny'),
  d('51', 'H', 'Air transport', 'Luftfahrt', 'Transport lotniczy'),
  d(
    '52',
    'H',
    'Warehousing and support activities for transportation',
    'Lagerei sowie Erbringung von sonstigen Dienstleistungen für den Verkehr',
    'Magazynowanie i działalność usługowa wspomagająca transport',
  ),
  d('53', 'H', 'Postal and courier activities', 'Post-, Kurier- und Expressdienste', 'Działalność pocztowa i kurierska'),
  d('55', 'I', 'Accommodation', 'Beherbergung', 'Zakwaterowanie'),
  d('56', 'I', 'Food and beverage service activities', 'Gastronomie', 'Działalność usługowa związana z wyżywieniem'),
  d('58', 'J', 'Publishing activities', 'Verlagswesen', 'Działalność wydawnicza'),
  d(
    '59',
    'J',
    'Motion picture, video and television programme production, sound recording and music publishing activities',
    'Herstellung, Verleih und Vertrieb von Filmen und Fernsehprogrammen; Kinos; Tonstudios und Verlegen von Musik',
    'Działalność związana z produkcją filmów, nagrań wideo, programów telewizyjnych, nagrań dźwiękowych i muzycznych',
  ),
  d('60', 'J', 'Programming and broadcasting activities', 'Rundfunkveranstalter', 'Nadawanie programów ogólnodostępnych i abonamentowych'),
  d('61', 'J', 'Telecommunications', 'Telekommunikation', 'Telekomunikacja'),
  d(
    '62',
    'J',
    'Computer programming, consultancy and related activities',
    'Erbringung von Dienstleistungen der Informationstechnologie',
    'Działalność związana z oprogramowaniem i doradztwem w zakresie informatyki oraz działalność powiązana',
  ),
  d('63', 'J', 'Information service activities', 'Informationsdienstleistungen', 'Działalność usługowa w zakresie informacji'),
  d(
    '64',
    'K',
    'Financial service activities, except insurance and pension funding',
    'Erbringung von Finanzdienstleistungen',
    'Finansowa działalność usługowa, z wyłączeniem ubezpieczeń i funduszów emerytalnych',
  ),
  d(
    '65',
    'K',
    'Insurance, reinsurance and pension funding, except compulsory social security',
    'Versicherungen, Rückversicherungen und Pensionskassen (ohne Sozialversicherung)',
    'Ubezpieczenia, reasekuracja oraz fundusze emerytalne, z wyłączeniem obowiązkowego ubezpieczenia społecznego',
  ),
  d(
    '66',
    'K',
    'Activities auxiliary to financial services and insurance activities',
    'Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten',
    'Działalność wspomagająca usługi finansowe oraz ubezpieczenia i fundusze emerytalne',
  ),
  d('68', 'L', 'Real estate activities', 'Grundstücks- und Wohnungswesen', 'Działalność związana z obsługą rynku nieruchomości'),
  d(
    '69',
    'M',
    'Legal and accounting activities',
    'Rechts- und Steuerberatung, Wirtschaftsprüfung',
    'Działalność prawnicza, rachunkowo-księgowa i doradztwo podatkowe',
  ),
  d(
    '70',
    'M',
    'Activities of head offices; management consultancy activities',
    'Verwaltung und Führung von Unternehmen und Betrieben; Unternehmensberatung',
    'Działalność firm centralnych (head offices); doradztwo związane z zarządzaniem',
  ),
  d(
    '71',
    'M',
    'Architectural and engineering activities; technical testing and analysis',
    'Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung',
    'Działalność w zakresie architektury i inżynierii; badania i analizy techniczne',
  ),
  d('72', 'M', 'Scientific research and development', 'Forschung und Entwicklung', 'Badania naukowe i prace rozwojowe'),
  d('73', 'M', 'Advertising and market research', 'Werbung und Marktforschung', 'Reklama, badanie rynku i opinii publicznej'),
  d(
    '74',
    'M',
    'Other professional, scientific and technical activities',
    'Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten',
    'Pozostała działalność profesjonalna, naukowa i techniczna',
  ),
  d('75', 'M', 'Veterinary activities', 'Veterinärwesen', 'Działalność weterynaryjna'),
  d('77', 'N', 'Rental and leasing activities', 'Vermietung von beweglichen Sachen', 'Wynajem i dzierżawa'),
  d('78', 'N', 'Employment activities', 'Vermittlung und Überlassung von Arbeitskräften', 'Działalność związana z zatrudnieniem'),
  d(
    '79',
    'N',
    'Travel agency, tour operator reservation service and related activities',
    'Reisebüros, Reiseveranstalter und Erbringung sonstiger Reservierungsdienstleistungen',
    'Działalność organizatorów turystyki, pośredników i agentów turystycznych oraz pozostała działalność usługowa w zakresie rezerwacji i czynności z nią związane',
  ),
  d(
    '80',
    'N',
    'Security and investigation activities',
    'Wach- und Sicherheitsdienste sowie Detekteien',
    'Działalność detektywistyczna i ochroniarska',
  ),
  d(
    '81',
    'N',
    'Services to buildings and landscape activities',
    'Gebäudebetreuung; Garten- und Landschaftsbau',
    'Działalność usługowa związana z utrzymaniem porządku w budynkach i zagospodarowaniem terenów zieleni',
  ),
  d(
    '82',
    'N',
    'Office administrative, office support and other business support activities',
    'Erbringung von wirtschaftlichen Dienstleistungen für Unternehmen und Privatpersonen a. n. g.',
    'Działalność związana z administracyjną obsługą biura i pozostała działalność wspomagająca prowadzenie działalności gospodarczej',
  ),
  d(
    '84',
    'O',
    'Public administration and defence; compulsory social security',
    'Öffentliche Verwaltung, Verteidigung; Sozialversicherung',
    'Administracja publiczna i obrona narodowa; obowiązkowe zabezpieczenia społeczne',
  ),
  d('85', 'P', 'Education', 'Erziehung und Unterricht', 'Edukacja'),
  d('86', 'Q', 'Human health activities', 'Gesundheitswesen', 'Opieka zdrowotna'),
  d('87', 'Q', 'Residential care activities', 'Heime (ohne Erholungs- und Ferienheime)', 'Pomoc społeczna z zakwaterowaniem'),
  d('88', 'Q', 'Social work activities without accommodation', 'Sozialwesen (ohne Heime)', 'Pomoc społeczna bez zakwaterowania'),
  d(
    '90',
    'R',
    'Creative, arts and entertainment activities',
    'Kreative, künstlerische und unterhaltende Tätigkeiten',
    'Działalność twórcza związana z kulturą i rozrywką',
  ),
  d(
    '91',
    'R',
    'Libraries, archives, museums and other cultural activities',
    'Bibliotheken, Archive, Museen, botanische und zoologische Gärten',
    'Działalność bibliotek, archiwów, muzeów oraz pozostała działalność związana z kulturą',
  ),
  d(
    '92',
    'R',
    'Gambling and betting activities',
    'Spiel-, Wett- und Lotteriewesen',
    'Działalność związana z grami losowymi i zakładami wzajemnymi',
  ),
  d(
    '93',
    'R',
    'Sports activities and amusement and recreation activities',
    'Erbringung von Dienstleistungen des Sports, der Unterhaltung und der Erholung',
    'Działalność sportowa, rozrywkowa i rekreacyjna',
  ),
  d(
    '94',
    'S',
    'Activities of membership organisations',
    'Interessenvertretungen sowie kirchliche und sonstige religiöse Vereinigungen (ohne Sozialwesen und Sport)',
    'Działalność organizacji członkowskich',
  ),
  d(
    '95',
    'S',
    'Repair of computers and personal and household goods',
    'Reparatur von Datenverarbeitungsgeräten und Gebrauchsgütern',
    'Naprawa i konserwacja komputerów i artykułów użytku osobistego i domowego',
  ),
  d(
    '96',
    'S',
    'Other personal service activities',
    'Erbringung von sonstigen überwiegend persönlichen Dienstleistungen',
    'Pozostała indywidualna działalność usługowa',
  ),
  d(
    '97',
    'T',
    'Activities of households as employers of domestic personnel',
    'Private Haushalte mit Hauspersonal',
    'Gospodarstwa domowe zatrudniające pracowników',
  ),
  d(
    '98',
    'T',
    'Undifferentiated goods- and services-producing activities of private households for own use',
    'Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten Schwerpunkt',
    'Gospodarstwa domowe produkujące wyroby i świadczące usługi na własne potrzeby',
  ),
  d(
    '99',
    'U',
    'Activities of extraterritorial organisations and bodies',
    'Exterritoriale Organisationen und Körperschaften',
    'Organizacje i zespoły eksterytorialne',
  ),
];

const NACE_DIVISION_SECTIONS = new Map(NACE_DIVISIONS.map((div) => [div.code, div.section]));

/** The section a NACE code (section letter or two-digit division) belongs to. */
export function naceSectionOf(code: string): string | undefined {
  if (/^[A-U]$/.test(code)) return code;
  if (!/^\d{2}$/.test(code)) return undefined;
  return NACE_DIVISION_SECTIONS.get(code);
}

export const NaceCodeSchema = z
  .string()
  .max(2)
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

/** NUTS codes a region filter matches: the region and, for a NUTS-2 region, its NUTS-3 regions. */
export function regionScope(code: string): string[] {
  return [code, ...REGIONS.filter((r) => r.parent === code).map((r) => r.code)];
}

/** NACE codes a sector filter matches: a section matches itself and its divisions. */
export function sectorScope(code: string): string[] {
  if (!/^[A-U]$/.test(code)) return [code];
  return [code, ...NACE_DIVISIONS.filter((div) => div.section === code).map((div) => div.code)];
}

export const TAXONOMIES = ['nace', 'regions', 'ris3'] as const;
export const TaxonomyNameSchema = z.enum(TAXONOMIES).meta({ id: 'TaxonomyName' });
export type TaxonomyName = z.infer<typeof TaxonomyNameSchema>;

const label = boundedText(500);
const LabelsSchema = z.object({ de: label, pl: label, en: label }).meta({ id: 'Labels' });

export const TaxonomyTermSchema = z
  .object({
    code: CodeTextSchema,
    level: int32(INT32_MIN).describe('nace: 1 section, 2 division · regions: NUTS level (2 or 3) · ris3: 1'),
    parent: CodeTextSchema.nullable().describe('The section of a division, the NUTS-2 region of a NUTS-3 region'),
    country: z.enum(['DE', 'PL']).nullable().describe('Country of a region or of the strategy that names a RIS3 area'),
    labels: LabelsSchema,
  })
  .meta({ id: 'TaxonomyTerm' });
export type TaxonomyTerm = z.infer<typeof TaxonomyTermSchema>;

export const TaxonomySchema = z
  .object({
    taxonomy: TaxonomyNameSchema,
    source: boundedText(200).describe('The classification and version the codes come from'),
    terms: boundedArray(TaxonomyTermSchema, 5000),
  })
  .meta({ id: 'Taxonomy' });
export type Taxonomy = z.infer<typeof TaxonomySchema>;

const TAXONOMY_SOURCES: Record<TaxonomyName, string> = {
  nace: 'NACE Rev. 2 (Regulation (EC) No 1893/2006): 21 sections, 88 divisions',
  regions: 'NUTS 2021 (Eurostat): the INTERREG V A Brandenburg–Polska programme area',
  ris3: 'Smart specialisation: innoBB 2025 (Berlin-Brandenburg) and Program Rozwoju Innowacji Województwa Lubuskiego (2016)',
};

/** A reference list as served by the API, in a stable order: sections each followed by their divisions, regions by NUTS code. */
export function taxonomy(name: TaxonomyName): Taxonomy {
  const terms: TaxonomyTerm[] =
    name === 'nace'
      ? NACE_SECTIONS.flatMap((s) => [
          { code: s.code, level: 1, parent: null, country: null, labels: s.label },
          ...NACE_DIVISIONS.filter((div) => div.section === s.code).map((div) => ({
            code: div.code,
            level: 2,
            parent: s.code,
            country: null,
            labels: div.label,
          })),
        ])
      : name === 'regions'
        ? REGIONS.map((r) => ({ code: r.code, level: r.level, parent: r.parent, country: r.country, labels: r.label }))
        : RIS3_AREAS.map((a) => ({
            code: a.code,
            level: 1,
            parent: null,
            country: a.region === 'DE40' ? ('DE' as const) : ('PL' as const),
            labels: a.label,
          }));
  return { taxonomy: name, source: TAXONOMY_SOURCES[name], terms };
}

/** The label of a code of any taxonomy in a language, or the code itself when unknown. */
export function taxonomyLabel(name: TaxonomyName, code: string, lang: Locale): string {
  if (name === 'nace') {
    if (/^[A-U]$/.test(code)) return NACE_SECTIONS.find((s) => s.code === code)?.label[lang] ?? code;
    return NACE_DIVISIONS.find((div) => div.code === code)?.label[lang] ?? code;
  }
  if (name === 'regions') return REGIONS.find((r) => r.code === code)?.label[lang] ?? code;
  return RIS3_AREAS.find((a) => a.code === code)?.label[lang] ?? code;
}
