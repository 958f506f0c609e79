import type {
  ConsultingOutcome,
  ConsultingTopic,
  Country,
  I18nLongText,
  I18nText,
  InternationalisationMeasureKind,
  Locale,
  MatchOutcome,
  PartnerCode,
  ProfileKind,
  ProfileStatus,
  ProfileType,
  Role,
} from '@euregionet/shared';

/**
 * The product at work on the demo directory: staff, evaluations, consulting requests,
 * cooperation profiles, matches and the cluster dialogue to come. INVENTED for demonstration;
 * people and e-mail addresses are made up (addresses under the reserved `.example` domain, so no
 * e-mail can reach anyone). Times are days before the day the demo is loaded.
 */

/** Staff of the partners who did the demo's work. They cannot sign in (see `workflows.ts`). */
export interface DemoStaff {
  key: string;
  email: string;
  name: string;
  partner: PartnerCode;
  role: Extract<Role, 'consultant' | 'coordinator'>;
}

export const DEMO_STAFF: DemoStaff[] = [
  { key: 'bic', email: 'katrin.wagner@bic.demo.example', name: 'Katrin Wagner', partner: 'BIC', role: 'consultant' },
  { key: 'lop', email: 'marek.nowak@lop.demo.example', name: 'Marek Nowak', partner: 'LOP', role: 'consultant' },
  { key: 'cit', email: 'jens.richter@cit.demo.example', name: 'Jens Richter', partner: 'CIT', role: 'consultant' },
  { key: 'esnb', email: 'agnieszka.zielinska@esnb.demo.example', name: 'Agnieszka Zielińska', partner: 'ESNB', role: 'consultant' },
  { key: 'coordinator', email: 'thomas.berger@bic.demo.example', name: 'Thomas Berger', partner: 'BIC', role: 'coordinator' },
];

/**
 * An evaluation and how far it went. `level` is the typical score (0–4) and `spread` varies it per
 * criterion, so that the radar charts have a shape. `evaluator: 'admin'` gives it to the first
 * administrator when there is one (their own draft on their home page).
 */
export interface DemoEvaluation {
  cluster: string;
  author: string;
  evaluator?: 'admin';
  daysAgo: number;
  language: Locale;
  level: number;
  spread: number[];
  strengths: string;
  weaknesses: string;
  recommendations: { text: string; owner: string; dueInDays: number }[];
  /** What happened after it was written, in days after `daysAgo`. */
  status: 'draft' | 'submitted' | 'returned' | 'approved';
  returnReason?: string;
}

export const DEMO_EVALUATIONS: DemoEvaluation[] = [
  {
    cluster: 'lubuski-klaster-metalowy',
    author: 'lop',
    daysAgo: 400,
    language: 'pl',
    level: 2,
    spread: [0, -1, 1, 0, -1, 0],
    strengths: 'Silna baza członków z przemysłu metalowego; regularne spotkania.',
    weaknesses: 'Brak pisemnej strategii i planu działań; mało kontaktów za granicą.',
    recommendations: [{ text: 'Opracować strategię klastra na lata 2025–2028.', owner: 'Zarząd klastra', dueInDays: 180 }],
    status: 'approved',
  },
  {
    cluster: 'lubuski-klaster-metalowy',
    author: 'lop',
    daysAgo: 45,
    language: 'pl',
    level: 3,
    spread: [0, 0, 1, 0, -1, 1],
    strengths: 'Strategia przyjęta; wspólne stoisko z partnerami z Brandenburgii.',
    weaknesses: 'Finansowanie nadal głównie ze składek członkowskich.',
    recommendations: [{ text: 'Złożyć wniosek do programu INTERREG razem z siecią z Brandenburgii.', owner: 'Marek Nowak', dueInDays: 90 }],
    status: 'approved',
  },
  {
    cluster: 'energieregion-lausitz',
    author: 'cit',
    daysAgo: 210,
    language: 'de',
    level: 3,
    spread: [1, 0, -1, 1, 0, 0],
    strengths: 'Professionelles Clustermanagement, enge Zusammenarbeit mit der BTU.',
    weaknesses: 'Wenige polnische Mitglieder trotz Grenznähe.',
    recommendations: [{ text: 'Delegationsreise zu Energieunternehmen in Lubuskie organisieren.', owner: 'Jens Richter', dueInDays: 120 }],
    status: 'approved',
  },
  {
    cluster: 'klaster-zielona-energia-lubuskie',
    author: 'esnb',
    daysAgo: 130,
    language: 'pl',
    level: 2,
    spread: [1, 1, -1, 0, 0, -1],
    strengths: 'Dynamiczny wzrost liczby członków, także z Niemiec.',
    weaknesses: 'Niewielki zespół zarządzający klastrem.',
    recommendations: [{ text: 'Zatrudnić koordynatora ds. projektów międzynarodowych.', owner: 'Zarząd klastra', dueInDays: 150 }],
    status: 'approved',
  },
  {
    cluster: 'logistik-drehscheibe-oder',
    author: 'bic',
    daysAgo: 95,
    language: 'de',
    level: 3,
    spread: [0, 1, 0, 1, 1, 0],
    strengths: 'Grenzüberschreitend von Anfang an; Terminal Świecko als starker Partner.',
    weaknesses: 'Kaum Forschungseinrichtungen unter den Mitgliedern.',
    recommendations: [{ text: 'Kooperation mit der Viadrina zu Logistikdaten vereinbaren.', owner: 'Katrin Wagner', dueInDays: 60 }],
    status: 'approved',
  },
  {
    cluster: 'gesundheit-grenzenlos',
    author: 'esnb',
    daysAgo: 4,
    language: 'de',
    level: 2,
    spread: [0, -1, 0, 1, 1, -1],
    strengths: 'Vier neue Mitglieder aus Lubuskie; gemeinsame Fortbildungen.',
    weaknesses: 'Noch keine Finanzierung über die Projektlaufzeit hinaus.',
    recommendations: [{ text: 'Finanzierungsplan für 2027 erstellen.', owner: 'Clustermanagement', dueInDays: 120 }],
    status: 'submitted',
  },
  {
    cluster: 'odra-solar-netzwerk',
    author: 'bic',
    daysAgo: 2,
    language: 'de',
    level: 2,
    spread: [-1, 0, 0, 1, 1, 0],
    strengths: 'Deutsch-polnisches Netzwerk mit klarem Thema.',
    weaknesses: 'Junges Netzwerk: Gremien und Beiträge sind noch nicht geregelt.',
    recommendations: [{ text: 'Satzung und Beitragsordnung beschließen.', owner: 'Solarwerk Frankfurt (Oder)', dueInDays: 90 }],
    status: 'submitted',
  },
  {
    cluster: 'klaster-it-zielona-gora',
    author: 'lop',
    daysAgo: 20,
    language: 'pl',
    level: 3,
    spread: [0, 1, 0, -1, 0, 1],
    strengths: 'Silny udział uczelni i parku technologicznego.',
    weaknesses: 'Oceny wskaźników niepotwierdzone dokumentami.',
    recommendations: [{ text: 'Uzupełnić dowody dla kryteriów finansowania.', owner: 'Marek Nowak', dueInDays: 30 }],
    status: 'returned',
    returnReason: 'Proszę dołączyć sprawozdanie finansowe jako dowód dla kryteriów finansowania.',
  },
  {
    cluster: 'photonik-oder',
    author: 'bic',
    evaluator: 'admin',
    daysAgo: 1,
    language: 'de',
    level: 2,
    spread: [0, 0, 0, 0, 0, 0],
    strengths: '',
    weaknesses: '',
    recommendations: [],
    status: 'draft',
  },
];

/**
 * A consulting request and the steps it took. `assignee: 'admin'` gives it to the first
 * administrator (their partner takes it); without one, to `fallback`. Steps happen `at` days
 * after it was received.
 */
export interface DemoRequest {
  daysAgo: number;
  partner: PartnerCode;
  requester: { name: string; email: string; organisation?: string; organisationKey?: string };
  country: Country;
  language: Locale;
  topic: ConsultingTopic;
  message: string;
  assignee?: string;
  steps: (
    | { to: 'in_progress' | 'waiting_for_requester' | 'closed'; note?: string }
    | { to: 'resolved'; outcome: ConsultingOutcome; note?: string }
    | { to: 'rejected'; reason: string }
    | { reply: string }
  )[];
}

export const DEMO_REQUESTS: DemoRequest[] = [
  {
    daysAgo: 0,
    partner: 'LOP',
    requester: { name: 'Piotr Wiśniewski', email: 'p.wisniewski@meble-warta.example', organisationKey: 'meble-gorzow' },
    country: 'PL',
    language: 'pl',
    topic: 'funding',
    message: 'Szukamy dofinansowania na udział w targach meblowych w Kolonii. Jakie programy są dostępne dla MŚP z Lubuskiego?',
    steps: [],
  },
  {
    // Overdue: received ten days ago, assigned, and no answer yet.
    daysAgo: 10,
    partner: 'BIC',
    requester: { name: 'Sabine Krüger', email: 's.krueger@metallbau-schulz.example', organisationKey: 'metallbau-schulz' },
    country: 'DE',
    language: 'de',
    topic: 'partner_search',
    message: 'Wir suchen einen polnischen Partner für die Pulverbeschichtung größerer Stahlteile, möglichst in Grenznähe.',
    assignee: 'admin',
    steps: [],
  },
  {
    daysAgo: 1,
    partner: 'BIC',
    requester: { name: 'Tomasz Kaczmarek', email: 't.kaczmarek@terminal-swiecko.example', organisationKey: 'logistyka-swiecko' },
    country: 'PL',
    language: 'pl',
    topic: 'legal_tax',
    message: 'Jak rozliczać VAT przy usługach magazynowych dla klienta z Frankfurtu nad Odrą?',
    assignee: 'admin',
    steps: [{ to: 'in_progress', note: 'Przekazano pytanie doradcy podatkowemu IHK.' }],
  },
  {
    daysAgo: 10,
    partner: 'BIC',
    requester: { name: 'Laura Hoffmann', email: 'l.hoffmann@oder-photonics.example', organisationKey: 'photon-ffo' },
    country: 'DE',
    language: 'en',
    topic: 'internationalisation',
    message: 'We would like to present our sensors at a trade fair in Poznań. Is there a joint stand of the region?',
    assignee: 'admin',
    steps: [
      { to: 'in_progress' },
      { reply: 'Thank you for your request. Could you tell us the size of the stand you need and your preferred dates?' },
      { to: 'waiting_for_requester' },
    ],
  },
  {
    daysAgo: 0,
    partner: 'CIT',
    requester: { name: 'Uwe Lehmann', email: 'u.lehmann@lausitz-energie.example', organisationKey: 'lausitz-energie' },
    country: 'DE',
    language: 'de',
    topic: 'smart_specialisation',
    message: 'Passt unser Projekt zu Wasserstoffspeichern in die Innovationsstrategie Brandenburgs und in welches Cluster?',
    assignee: 'cit',
    steps: [],
  },
  {
    daysAgo: 30,
    partner: 'LOP',
    requester: { name: 'Katarzyna Mazur', email: 'k.mazur@gzm.example', organisationKey: 'gorzow-metal' },
    country: 'PL',
    language: 'pl',
    topic: 'funding',
    message: 'Czy możemy ubiegać się o środki z programu INTERREG na wspólną linię pilotażową z firmą z Brandenburgii?',
    assignee: 'lop',
    steps: [
      { to: 'in_progress' },
      { reply: 'Dzień dobry, tak: nabór na współpracę innowacyjną jest otwarty. Przesyłamy link i termin konsultacji.' },
      { to: 'resolved', outcome: 'referred_to_funding', note: 'Skierowano do naboru INTERREG.' },
    ],
  },
  {
    daysAgo: 60,
    partner: 'CIT',
    requester: { name: 'Martin Vogel', email: 'm.vogel@lausitz-digital.example', organisationKey: 'cottbus-digital' },
    country: 'DE',
    language: 'de',
    topic: 'marketing_brand',
    message: 'Dürfen wir die gemeinsame Clustermarke auf unserer Website und auf Messen verwenden?',
    assignee: 'cit',
    steps: [{ to: 'in_progress' }, { to: 'resolved', outcome: 'advice_given', note: 'Markenrichtlinie erläutert.' }, { to: 'closed' }],
  },
  {
    daysAgo: 14,
    partner: 'ESNB',
    requester: { name: 'John Miller', email: 'john.miller@consulting.example', organisation: 'Miller Consulting Ltd' },
    country: 'PL',
    language: 'en',
    topic: 'other',
    message: 'We offer lead generation services for clusters and would like a list of all member companies with contacts.',
    assignee: 'esnb',
    steps: [{ to: 'rejected', reason: 'We do not pass on members’ contact data; the public cluster profiles are on the portal.' }],
  },
];

export interface DemoProfile {
  key: string;
  owner: { kind: 'organisation' | 'cluster'; key: string };
  kind: ProfileKind;
  type: ProfileType;
  partner: PartnerCode;
  status: ProfileStatus;
  title: I18nText;
  description: I18nLongText;
  keywords: string[];
  sectors: string[];
  ris3Areas: string[];
  targetCountries: Country[];
  /** Days from today; negative: expired. */
  validForDays: number | null;
}

export const DEMO_PROFILES: DemoProfile[] = [
  {
    key: 'coating-request',
    owner: { kind: 'organisation', key: 'metallbau-schulz' },
    kind: 'request',
    type: 'business',
    partner: 'BIC',
    status: 'published',
    title: {
      de: 'Partner für Pulverbeschichtung gesucht',
      pl: 'Poszukiwany partner do malowania proszkowego',
      en: 'Partner for powder coating wanted',
    },
    description: {
      de: 'Lohnbeschichtung großer Stahlteile, regelmäßige Aufträge.',
      en: 'Contract coating of large steel parts, regular orders.',
    },
    keywords: ['Pulverbeschichtung', 'Stahl', 'malowanie proszkowe'],
    sectors: ['25'],
    ris3Areas: ['BB-METAL'],
    targetCountries: ['PL'],
    validForDays: 120,
  },
  {
    key: 'foundry-offer',
    owner: { kind: 'organisation', key: 'nowa-sol-odlewnia' },
    kind: 'offer',
    type: 'business',
    partner: 'LOP',
    status: 'published',
    title: { pl: 'Odlewy żeliwne i obróbka', de: 'Gussteile und Bearbeitung', en: 'Iron castings and machining' },
    description: {
      pl: 'Wolne moce produkcyjne w odlewni; obsługa klientów niemieckich.',
      en: 'Free foundry capacity; serving German customers.',
    },
    keywords: ['odlewnia', 'Guss', 'casting'],
    sectors: ['24', '25'],
    ris3Areas: ['LB-INDUSTRY'],
    targetCountries: ['DE'],
    validForDays: 200,
  },
  {
    key: 'hydrogen-research',
    owner: { kind: 'cluster', key: 'energieregion-lausitz' },
    kind: 'request',
    type: 'research',
    partner: 'CIT',
    status: 'published',
    title: {
      de: 'Forschungspartner Wasserstoffspeicher',
      pl: 'Partner badawczy: magazyny wodoru',
      en: 'Research partner for hydrogen storage',
    },
    description: {
      de: 'Gemeinsames Forschungsprojekt zu Speichern für grünen Wasserstoff.',
      en: 'A joint research project on green hydrogen storage.',
    },
    keywords: ['Wasserstoff', 'wodór', 'hydrogen'],
    sectors: ['35'],
    ris3Areas: ['BB-ENERGY', 'LB-GREEN'],
    targetCountries: [],
    validForDays: 90,
  },
  {
    key: 'biogas-offer',
    owner: { kind: 'organisation', key: 'biogaz-sulecin' },
    kind: 'offer',
    type: 'technology',
    partner: 'ESNB',
    status: 'published',
    title: {
      pl: 'Technologia biogazowni rolniczych',
      de: 'Technik für landwirtschaftliche Biogasanlagen',
      en: 'Agricultural biogas technology',
    },
    description: {
      pl: 'Doświadczenie z budowy i eksploatacji trzech biogazowni.',
      de: 'Erfahrung aus Bau und Betrieb dreier Biogasanlagen.',
    },
    keywords: ['biogaz', 'Biogas'],
    sectors: ['35'],
    ris3Areas: ['LB-GREEN'],
    targetCountries: ['DE'],
    validForDays: null,
  },
  {
    key: 'it-project-partner',
    owner: { kind: 'cluster', key: 'klaster-it-zielona-gora' },
    kind: 'request',
    type: 'project_partner',
    partner: 'LOP',
    status: 'draft',
    title: {
      pl: 'Partner projektu: cyfryzacja MŚP',
      de: 'Projektpartner: Digitalisierung von KMU',
      en: 'Project partner: digitalising SMEs',
    },
    description: { pl: 'Szkic: wspólny projekt szkoleniowy z klastrem z Brandenburgii.' },
    keywords: ['cyfryzacja', 'Digitalisierung'],
    sectors: ['62'],
    ris3Areas: ['LB-INDUSTRY'],
    targetCountries: ['DE'],
    validForDays: 60,
  },
  {
    key: 'tourism-closed',
    owner: { kind: 'cluster', key: 'tourismus-seenland-lubuskie' },
    kind: 'offer',
    type: 'business',
    partner: 'ESNB',
    status: 'closed',
    title: { de: 'Gemeinsame Radtouren-Pakete', pl: 'Wspólne pakiety wycieczek rowerowych', en: 'Joint cycling tour packages' },
    description: { de: 'Abgeschlossen: Partner gefunden.' },
    keywords: ['Radtourismus', 'turystyka rowerowa'],
    sectors: ['79'],
    ris3Areas: ['BB-TOURISM'],
    targetCountries: [],
    validForDays: -30,
  },
];

/** A match and the stage it reached, each step `stepDays` apart from `daysAgo` on. */
export interface DemoMatch {
  a: { kind: 'profile' | 'organisation' | 'cluster'; key: string };
  b: { kind: 'profile' | 'organisation' | 'cluster'; key: string };
  by: string;
  daysAgo: number;
  score: number;
  note: string;
  stages: ('introduced' | 'meeting_held' | 'agreed' | 'declined')[];
  declineReason?: string;
  outcomes?: MatchOutcome[];
}

export const DEMO_MATCHES: DemoMatch[] = [
  {
    a: { kind: 'profile', key: 'coating-request' },
    b: { kind: 'profile', key: 'foundry-offer' },
    by: 'bic',
    daysAgo: 2,
    score: 78,
    note: 'Beide Seiten arbeiten mit Stahlteilen; Entfernung unter 100 km.',
    stages: [],
  },
  {
    a: { kind: 'profile', key: 'hydrogen-research' },
    b: { kind: 'organisation', key: 'uz' },
    by: 'cit',
    daysAgo: 25,
    score: 71,
    note: 'Uniwersytet Zielonogórski forscht zu Energiespeichern.',
    stages: ['introduced'],
  },
  {
    a: { kind: 'profile', key: 'biogas-offer' },
    b: { kind: 'organisation', key: 'oderland-food' },
    by: 'esnb',
    daysAgo: 50,
    score: 64,
    note: 'Reststoffe aus der Lebensmittelproduktion als Substrat.',
    stages: ['introduced', 'meeting_held'],
  },
  {
    a: { kind: 'cluster', key: 'metall-netzwerk-ostbrandenburg' },
    b: { kind: 'cluster', key: 'lubuski-klaster-metalowy' },
    by: 'lop',
    daysAgo: 150,
    score: 85,
    note: 'Gemeinsame Einkaufsgemeinschaft für Stahl.',
    stages: ['introduced', 'meeting_held', 'agreed'],
    outcomes: ['letter_of_intent', 'cross_border_network'],
  },
  {
    a: { kind: 'organisation', key: 'solarwerk-ffo' },
    b: { kind: 'organisation', key: 'eko-energia-lubuska' },
    by: 'bic',
    daysAgo: 80,
    score: 69,
    note: 'Gemeinsames Pilotprojekt Agri-PV.',
    stages: ['introduced', 'meeting_held', 'agreed'],
    outcomes: ['joint_project'],
  },
  {
    a: { kind: 'organisation', key: 'barnim-it' },
    b: { kind: 'organisation', key: 'it-zielona' },
    by: 'cit',
    daysAgo: 70,
    score: 55,
    note: 'Beide entwickeln Software für Logistik.',
    stages: ['introduced', 'declined'],
    declineReason: 'Beide Firmen sehen sich als Wettbewerber.',
  },
];

/** The cluster dialogue around today: one just held, two to come. */
export interface DemoCurrentEvent {
  title: I18nText;
  inDays: number;
  place: string;
  languages: Locale[];
  organisingPartner: PartnerCode;
  clusters: string[];
  organisations: string[];
  participantCount: number;
  outcomes: I18nLongText;
}

export const DEMO_CURRENT_EVENTS: DemoCurrentEvent[] = [
  {
    title: {
      de: 'Clusterdialog Kreislaufwirtschaft',
      pl: 'Dialog klastrów: gospodarka obiegu zamkniętego',
      en: 'Cluster dialogue: circular economy',
    },
    inDays: -18,
    place: 'Park Naukowo-Technologiczny, Nowy Kisielin',
    languages: ['pl', 'de'],
    organisingPartner: 'ESNB',
    clusters: ['kunststoffe-chemie-oder-neisse', 'klaster-zielona-energia-lubuskie'],
    organisations: ['recykling-zary', 'kunststoff-guben', 'pnt', 'esnb'],
    participantCount: 41,
    outcomes: {
      pl: 'Dwie firmy uzgodniły wspólne badania nad recyklingiem tworzyw.',
      de: 'Zwei Unternehmen vereinbarten gemeinsame Versuche zum Kunststoffrecycling.',
    },
  },
  {
    title: { de: 'Deutsch-polnischer Clustertag 2026', pl: 'Polsko-niemiecki Dzień Klastrów 2026', en: 'German–Polish cluster day 2026' },
    inDays: 12,
    place: 'Collegium Polonicum, Słubice',
    languages: ['de', 'pl', 'en'],
    organisingPartner: 'BIC',
    clusters: ['logistik-drehscheibe-oder', 'odra-solar-netzwerk', 'lubuski-klaster-metalowy'],
    organisations: ['bic', 'lop', 'viadrina'],
    participantCount: 80,
    outcomes: {},
  },
  {
    title: { de: 'Werkstattgespräch Gesundheitswirtschaft', pl: 'Warsztaty: gospodarka zdrowotna', en: 'Workshop: health economy' },
    inDays: 40,
    place: 'MedTech Lausitz, Cottbus',
    languages: ['de', 'pl'],
    organisingPartner: 'CIT',
    clusters: ['gesundheit-grenzenlos'],
    organisations: ['medtech-cb', 'szpital-zg', 'btu'],
    participantCount: 25,
    outcomes: {},
  },
];

/** Internationalisation measures of the last months. */
export const DEMO_CURRENT_MEASURES: { cluster: string; kind: InternationalisationMeasureKind; daysAgo: number; description: string }[] = [
  {
    cluster: 'logistik-drehscheibe-oder',
    kind: 'internationalisation',
    daysAgo: 35,
    description: 'Gemeinsamer Stand mit polnischen Mitgliedern auf der transport logistic in München.',
  },
  {
    cluster: 'gesundheit-grenzenlos',
    kind: 'extension',
    daysAgo: 12,
    description: 'Zwei Rehabilitationskliniken aus Lubuskie als neue Mitglieder aufgenommen.',
  },
];
