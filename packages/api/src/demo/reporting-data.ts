import {
  type FundingCallCreate,
  type I18nLongText,
  type I18nText,
  type Locale,
  type InternationalisationMeasureKind,
  type PartnerCode,
} from '@euregionet/shared';

/**
 * Demo funding calls, cluster-dialogue events and internationalisation measures, so that the
 * catalogue, the matches and the indicators dashboard show something on a first start.
 *
 * INVENTED for demonstration: the programmes exist, but these calls, their dates, rates and
 * budgets are made up and are not information about any real call. Call dates are relative to the
 * day the demo is loaded, so that there are always open calls and deadlines coming up.
 */

/** The Brandenburg border districts and the Lubuskie voivodeship: the INTERREG programme area. */
const PROGRAMME_AREA = ['DE402', 'DE403', 'DE405', 'DE409', 'DE40C', 'DE40G', 'DE40I', 'PL43'];

const INTERREG = 'INTERREG VI A Brandenburg–Polska 2021–2027';

type DemoCall = Omit<FundingCallCreate, 'opensOn' | 'closesOn'> & { opensIn: number | null; closesIn: number | null };

export const DEMO_FUNDING_CALLS: DemoCall[] = [
  {
    slug: 'demo-interreg-innovation-cooperation',
    programme: 'interreg',
    programmeName: INTERREG,
    title: {
      de: 'Grenzüberschreitende Innovationskooperation von Clustern',
      pl: 'Transgraniczna współpraca innowacyjna klastrów',
      en: 'Cross-border innovation cooperation of clusters',
    },
    summary: {
      de: 'Gemeinsame Innovationsprojekte deutscher und polnischer Partner im Programmgebiet, z. B. Pilotanlagen, Technologietransfer und gemeinsame Dienstleistungen von Clustern. (Erfundener Demo-Aufruf.)',
      pl: 'Wspólne projekty innowacyjne partnerów niemieckich i polskich z obszaru programu, np. instalacje pilotażowe, transfer technologii i wspólne usługi klastrów. (Zmyślony nabór demonstracyjny.)',
      en: 'Joint innovation projects of German and Polish partners in the programme area: pilot plants, technology transfer, joint cluster services. (Invented demo call.)',
    },
    applicantTypes: ['sme', 'research', 'chamber', 'public', 'cluster_management'],
    countries: ['DE', 'PL'],
    regions: PROGRAMME_AREA,
    sectors: [],
    ris3Areas: ['BB-ENERGY', 'LB-GREEN', 'BB-HEALTH', 'LB-HEALTH', 'LB-INDUSTRY', 'BB-METAL'],
    keywords: ['Innovation', 'Technologietransfer', 'Wasserstoff', 'recykling'],
    fundingRatePercent: 80,
    budgetMinEur: 100_000,
    budgetMaxEur: 1_500_000,
    opensIn: -40,
    closesIn: 21,
    url: 'https://interreg-bb-pl.example.eu/calls/innovation',
    crossBorderConsortium: true,
    partner: 'BIC',
    published: true,
  },
  {
    slug: 'demo-interreg-small-projects-dialogue',
    programme: 'interreg',
    programmeName: `${INTERREG} – Fonds für kleine Projekte`,
    title: {
      de: 'Kleinprojektefonds: Begegnungen und Netzwerke',
      pl: 'Fundusz Małych Projektów: spotkania i sieci',
      en: 'Small projects fund: meetings and networks',
    },
    summary: {
      de: 'Kleine Projekte, die Menschen und Organisationen beiderseits der Oder zusammenbringen: Clustertreffen, Workshops, Studienreisen. (Erfundener Demo-Aufruf.)',
      pl: 'Małe projekty łączące ludzi i organizacje po obu stronach Odry: spotkania klastrów, warsztaty, wizyty studyjne. (Zmyślony nabór demonstracyjny.)',
      en: 'Small projects that bring people and organisations from both banks of the Oder together: cluster meetings, workshops, study visits. (Invented demo call.)',
    },
    applicantTypes: ['public', 'chamber', 'research', 'cluster_management'],
    countries: ['DE', 'PL'],
    regions: PROGRAMME_AREA,
    keywords: ['Netzwerk', 'Begegnung', 'spotkania'],
    fundingRatePercent: 85,
    budgetMinEur: 5_000,
    budgetMaxEur: 30_000,
    opensIn: -90,
    closesIn: 75,
    url: 'https://interreg-bb-pl.example.eu/calls/small-projects',
    crossBorderConsortium: true,
    partner: 'ESNB',
    published: true,
  },
  {
    slug: 'demo-horizon-europe-made-in-europe',
    programme: 'horizon_europe',
    programmeName: 'Horizon Europe – Cluster 4: Digital, Industry and Space',
    title: {
      de: 'Made in Europe: Digitalisierung und Leichtbau in der verarbeitenden Industrie',
      pl: 'Made in Europe: cyfryzacja i konstrukcje lekkie w przetwórstwie przemysłowym',
      en: 'Made in Europe: digitalisation and lightweight construction in manufacturing',
    },
    summary: {
      de: 'Innovationsmaßnahmen für Industrie 4.0, Robotik und Leichtbau mit Pilotlinien in kleinen und mittleren Unternehmen. (Erfundener Demo-Aufruf.)',
      pl: 'Działania innowacyjne w zakresie Przemysłu 4.0, robotyki i konstrukcji lekkich z liniami pilotażowymi w MŚP. (Zmyślony nabór demonstracyjny.)',
      en: 'Innovation actions for Industry 4.0, robotics and lightweight construction with pilot lines in SMEs. (Invented demo call.)',
    },
    sectors: ['24', '25', '28', '29', '62'],
    ris3Areas: ['LB-INDUSTRY', 'BB-METAL', 'BB-ICT'],
    keywords: ['Industrie 4.0', 'Robotik', 'Leichtbau', 'digital'],
    fundingRatePercent: 70,
    budgetMinEur: 2_000_000,
    budgetMaxEur: 5_000_000,
    opensIn: -60,
    closesIn: 120,
    url: 'https://ec.europa.example.eu/horizon/made-in-europe',
    partner: 'CIT',
    published: true,
  },
  {
    slug: 'demo-euroclusters-resilience',
    programme: 'other_eu',
    programmeName: 'Single Market Programme – Euroclusters',
    title: {
      de: 'Euroclusters: widerstandsfähige Lieferketten durch Clusterkooperation',
      pl: 'Euroclusters: odporne łańcuchy dostaw dzięki współpracy klastrów',
      en: 'Euroclusters: resilient supply chains through cluster cooperation',
    },
    summary: {
      de: 'Konsortien von Clustermanagementorganisationen aus mehreren Mitgliedstaaten unterstützen KMU bei Lieferketten, Digitalisierung und Fachkräften. (Erfundener Demo-Aufruf.)',
      pl: 'Konsorcja organizacji zarządzających klastrami z kilku państw członkowskich wspierają MŚP w łańcuchach dostaw, cyfryzacji i kadrach. (Zmyślony nabór demonstracyjny.)',
      en: 'Consortia of cluster management organisations from several member states support SMEs with supply chains, digitalisation and skills. (Invented demo call.)',
    },
    applicantTypes: ['cluster_management', 'chamber'],
    keywords: ['Cluster', 'Lieferkette', 'logistics'],
    fundingRatePercent: 100,
    budgetMinEur: 500_000,
    budgetMaxEur: 3_000_000,
    opensIn: -20,
    closesIn: 45,
    url: 'https://eismea.example.eu/euroclusters',
    crossBorderConsortium: true,
    partner: 'BIC',
    published: true,
  },
  {
    slug: 'demo-ilb-profit-brandenburg',
    programme: 'regional',
    programmeName: 'ILB – ProFIT Brandenburg',
    programmeCountry: 'DE',
    title: {
      de: 'ProFIT Brandenburg: Forschung und Innovation in Unternehmen',
      pl: 'ProFIT Brandenburgia: badania i innowacje w przedsiębiorstwach',
      en: 'ProFIT Brandenburg: research and innovation in companies',
    },
    summary: {
      de: 'Zuschüsse und Darlehen für Forschungs- und Entwicklungsvorhaben von Unternehmen und Forschungseinrichtungen in Brandenburg, laufend. (Erfundener Demo-Aufruf.)',
      pl: 'Dotacje i pożyczki na projekty badawczo-rozwojowe przedsiębiorstw i instytucji badawczych w Brandenburgii, nabór ciągły. (Zmyślony nabór demonstracyjny.)',
      en: 'Grants and loans for research and development projects of companies and research institutions in Brandenburg, rolling. (Invented demo call.)',
    },
    applicantTypes: ['sme', 'large', 'research'],
    countries: ['DE'],
    regions: ['DE40'],
    ris3Areas: ['BB-ENERGY', 'BB-HEALTH', 'BB-MOBILITY', 'BB-ICT', 'BB-PHOTONICS', 'BB-FOOD', 'BB-PLASTICS', 'BB-METAL'],
    fundingRatePercent: 50,
    budgetMinEur: 50_000,
    budgetMaxEur: 3_000_000,
    opensIn: null,
    closesIn: null,
    url: 'https://ilb.example.de/profit',
    partner: 'CIT',
    published: true,
  },
  {
    slug: 'demo-ilb-cluster-management',
    programme: 'regional',
    programmeName: 'ILB – Netzwerk- und Clusterförderung',
    programmeCountry: 'DE',
    title: {
      de: 'Förderung von Netzwerk- und Clustermanagements',
      pl: 'Wsparcie zarządzania sieciami i klastrami',
      en: 'Support for network and cluster management',
    },
    summary: {
      de: 'Anschubfinanzierung für Netzwerk- und Clustermanagements in Brandenburg, die neue Mitglieder gewinnen und internationale Kontakte aufbauen. (Erfundener Demo-Aufruf.)',
      pl: 'Finansowanie startowe dla zarządów sieci i klastrów w Brandenburgii, które pozyskują nowych członków i budują kontakty międzynarodowe. (Zmyślony nabór demonstracyjny.)',
      en: 'Start-up funding for network and cluster managements in Brandenburg that win members and build international contacts. (Invented demo call.)',
    },
    applicantTypes: ['cluster_management', 'chamber'],
    countries: ['DE'],
    regions: ['DE40'],
    keywords: ['Netzwerk', 'Internationalisierung'],
    fundingRatePercent: 60,
    budgetMinEur: 20_000,
    budgetMaxEur: 250_000,
    opensIn: -10,
    closesIn: 28,
    url: 'https://ilb.example.de/netzwerke',
    partner: 'BIC',
    published: true,
  },
  {
    slug: 'demo-fenl-research-innovation',
    programme: 'regional',
    programmeName: 'Fundusze Europejskie dla Lubuskiego 2021–2027 (FEnL)',
    programmeCountry: 'PL',
    title: {
      de: 'FEnL 1.1: Forschung und Innovation in Lebuser Unternehmen',
      pl: 'FEnL 1.1: Badania i innowacje w lubuskich przedsiębiorstwach',
      en: 'FEnL 1.1: Research and innovation in Lubuskie companies',
    },
    summary: {
      de: 'Zuschüsse für Forschung, Entwicklung und die Umsetzung ihrer Ergebnisse in KMU der Woiwodschaft Lebus, in den Bereichen der regionalen intelligenten Spezialisierung. (Erfundener Demo-Aufruf.)',
      pl: 'Dotacje na badania, rozwój i wdrożenie ich wyników w MŚP województwa lubuskiego, w obszarach inteligentnych specjalizacji regionu. (Zmyślony nabór demonstracyjny.)',
      en: 'Grants for research, development and putting results into practice in SMEs of the Lubuskie voivodeship, in the regional smart specialisations. (Invented demo call.)',
    },
    applicantTypes: ['sme'],
    countries: ['PL'],
    regions: ['PL43'],
    ris3Areas: ['LB-GREEN', 'LB-HEALTH', 'LB-INDUSTRY', 'LB-COOPERATION'],
    keywords: ['innowacje', 'B+R', 'gospodarka obiegu zamkniętego'],
    fundingRatePercent: 70,
    budgetMinEur: 200_000,
    budgetMaxEur: 4_000_000,
    opensIn: -30,
    closesIn: 35,
    url: 'https://funduszeue.lubuskie.example.pl/fenl-1-1',
    partner: 'LOP',
    published: true,
  },
  {
    slug: 'demo-fenl-innovation-vouchers',
    programme: 'regional',
    programmeName: 'Fundusze Europejskie dla Lubuskiego 2021–2027 (FEnL)',
    programmeCountry: 'PL',
    title: { de: 'Lebuser Innovationsgutscheine', pl: 'Lubuskie bony na innowacje', en: 'Lubuskie innovation vouchers' },
    summary: {
      de: 'Gutscheine für kleine Unternehmen, die Leistungen von Hochschulen und Forschungseinrichtungen einkaufen. (Erfundener Demo-Aufruf.)',
      pl: 'Bony dla małych firm kupujących usługi uczelni i instytucji badawczych. (Zmyślony nabór demonstracyjny.)',
      en: 'Vouchers for small companies that buy services from universities and research institutions. (Invented demo call.)',
    },
    applicantTypes: ['sme'],
    countries: ['PL'],
    regions: ['PL43'],
    fundingRatePercent: 85,
    budgetMinEur: 5_000,
    budgetMaxEur: 60_000,
    opensIn: -50,
    closesIn: 9,
    url: 'https://funduszeue.lubuskie.example.pl/bony',
    partner: 'LOP',
    published: true,
  },
  {
    slug: 'demo-fenl-internationalisation-smes',
    programme: 'regional',
    programmeName: 'Fundusze Europejskie dla Lubuskiego 2021–2027 (FEnL)',
    programmeCountry: 'PL',
    title: {
      de: 'Internationalisierung Lebuser KMU: Messen und Exportmärkte',
      pl: 'Internacjonalizacja lubuskich MŚP: targi i rynki eksportowe',
      en: 'Internationalisation of Lubuskie SMEs: trade fairs and export markets',
    },
    summary: {
      de: 'Messeauftritte, Wirtschaftsmissionen und Exportberatung für KMU, auch gemeinsam mit Clustern. Öffnet in Kürze. (Erfundener Demo-Aufruf.)',
      pl: 'Udział w targach, misje gospodarcze i doradztwo eksportowe dla MŚP, także wspólnie z klastrami. Nabór rusza wkrótce. (Zmyślony nabór demonstracyjny.)',
      en: 'Trade fair stands, business missions and export advice for SMEs, also together with clusters. Opens soon. (Invented demo call.)',
    },
    applicantTypes: ['sme'],
    countries: ['PL'],
    regions: ['PL43'],
    keywords: ['targi', 'eksport', 'Messe'],
    fundingRatePercent: 50,
    budgetMinEur: 20_000,
    budgetMaxEur: 200_000,
    opensIn: 14,
    closesIn: 100,
    url: 'https://funduszeue.lubuskie.example.pl/internacjonalizacja',
    partner: 'ESNB',
    published: true,
  },
  {
    slug: 'demo-interreg-tourism-closed',
    programme: 'interreg',
    programmeName: INTERREG,
    title: {
      de: 'Grenzüberschreitender Tourismus an Oder und Neiße',
      pl: 'Transgraniczna turystyka nad Odrą i Nysą',
      en: 'Cross-border tourism along the Oder and Neisse',
    },
    summary: {
      de: 'Gemeinsame touristische Angebote beiderseits der Grenze. Bereits geschlossen. (Erfundener Demo-Aufruf.)',
      pl: 'Wspólne oferty turystyczne po obu stronach granicy. Nabór zakończony. (Zmyślony nabór demonstracyjny.)',
      en: 'Joint tourism offers on both sides of the border. Already closed. (Invented demo call.)',
    },
    countries: ['DE', 'PL'],
    regions: PROGRAMME_AREA,
    sectors: ['55', '79', '93'],
    ris3Areas: ['BB-TOURISM'],
    fundingRatePercent: 80,
    budgetMinEur: 50_000,
    budgetMaxEur: 800_000,
    opensIn: -200,
    closesIn: -20,
    url: 'https://interreg-bb-pl.example.eu/calls/tourism',
    crossBorderConsortium: true,
    partner: 'ESNB',
    published: true,
  },
  {
    slug: 'demo-draft-health-call',
    programme: 'national',
    programmeName: 'BMBF – Innovationsräume (Entwurf)',
    programmeCountry: 'DE',
    title: { de: 'Gesundheitsregionen im ländlichen Raum (Entwurf)', en: 'Health regions in rural areas (draft)' },
    summary: { de: 'Noch nicht veröffentlicht: der Aufruf wird gerade geprüft. (Erfundener Demo-Aufruf.)' },
    applicantTypes: ['research', 'sme', 'public'],
    countries: ['DE'],
    sectors: ['86', '87'],
    ris3Areas: ['BB-HEALTH'],
    fundingRatePercent: 100,
    opensIn: 30,
    closesIn: 150,
    partner: 'CIT',
    published: false,
    notes: 'Entwurf: Förderquote und Stichtag mit der ILB klären.',
  },
];

export interface DemoEvent {
  title: I18nText;
  date: string;
  place: string;
  languages: Locale[];
  organisingPartner: PartnerCode;
  clusters: string[];
  organisations: string[];
  participantCount: number;
  outcomes: I18nLongText;
}

/** Events of the cluster dialogue during the project (invented). */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    title: {
      de: 'Auftakt des deutsch-polnischen Clusterdialogs',
      pl: 'Inauguracja polsko-niemieckiego dialogu klastrów',
      en: 'Launch of the German–Polish cluster dialogue',
    },
    date: '2017-09-21',
    place: 'Europa-Universität Viadrina, Frankfurt (Oder)',
    languages: ['de', 'pl'],
    organisingPartner: 'BIC',
    clusters: ['metall-netzwerk-ostbrandenburg', 'lubuski-klaster-metalowy', 'logistik-drehscheibe-oder'],
    organisations: ['bic', 'lop', 'viadrina', 'ihk-ostbb'],
    participantCount: 64,
    outcomes: {
      de: 'Vereinbarung, den Dialog zweimal im Jahr abwechselnd auf beiden Seiten der Oder fortzusetzen.',
      pl: 'Porozumienie o kontynuowaniu dialogu dwa razy w roku, na przemian po obu stronach Odry.',
    },
  },
  {
    title: {
      de: 'Clusterdialog Energie und grüne Wirtschaft',
      pl: 'Dialog klastrów: energia i zielona gospodarka',
      en: 'Cluster dialogue: energy and green economy',
    },
    date: '2018-05-16',
    place: 'Gubin / Guben',
    languages: ['de', 'pl'],
    organisingPartner: 'ESNB',
    clusters: ['energieregion-lausitz', 'klaster-zielona-energia-lubuskie', 'odra-solar-netzwerk'],
    organisations: ['esnb', 'cit', 'lausitz-energie', 'eko-energia-lubuska', 'btu'],
    participantCount: 48,
    outcomes: {
      de: 'Drei Kooperationsanbahnungen zwischen Energieunternehmen; gemeinsame Projektskizze für das INTERREG-Programm.',
      pl: 'Trzy nawiązane kontakty między firmami energetycznymi; wspólny zarys projektu do programu INTERREG.',
    },
  },
  {
    title: { de: 'Lebuser Industrieforum', pl: 'Lubuskie Forum Przemysłowe', en: 'Lubuskie industry forum' },
    date: '2018-11-08',
    place: 'Gorzów Wielkopolski',
    languages: ['pl', 'de'],
    organisingPartner: 'LOP',
    clusters: ['lubuski-klaster-metalowy', 'automotive-zulieferer-lubuskie', 'metall-netzwerk-ostbrandenburg'],
    organisations: ['lop', 'gorzow-metal', 'stal-kostrzyn', 'metallbau-schulz', 'ajp'],
    participantCount: 72,
    outcomes: {
      pl: 'Wspólne stoisko klastrów na targach w Hanowerze w 2019 roku.',
      de: 'Gemeinsamer Clusterstand auf der Hannover Messe 2019.',
    },
  },
  {
    title: { de: 'Digitalisierung in Clustern', pl: 'Cyfryzacja w klastrach', en: 'Digitalisation in clusters' },
    date: '2019-06-13',
    place: 'BTU Cottbus-Senftenberg, Cottbus',
    languages: ['de', 'pl', 'en'],
    organisingPartner: 'CIT',
    clusters: ['ikt-netzwerk-barnim-lausitz', 'klaster-it-zielona-gora'],
    organisations: ['cit', 'btu', 'cottbus-digital', 'barnim-it', 'uz'],
    participantCount: 39,
    outcomes: { en: 'A joint training offer in data analytics for members of both IT clusters.' },
  },
  {
    title: {
      de: 'Gesundheitswirtschaft ohne Grenzen',
      pl: 'Gospodarka zdrowotna bez granic',
      en: 'Health economy without borders',
    },
    date: '2019-10-24',
    place: 'Zielona Góra',
    languages: ['pl', 'de'],
    organisingPartner: 'ESNB',
    clusters: ['gesundheit-grenzenlos'],
    organisations: ['esnb', 'uz', 'medtech-cb', 'klinik-mol'],
    participantCount: 55,
    outcomes: {
      pl: 'Klaster „Gesundheit grenzenlos” przyjął czterech nowych członków z Lubuskiego.',
      de: 'Der Cluster „Gesundheit grenzenlos“ nahm vier neue Mitglieder aus Lebus auf.',
    },
  },
  {
    title: {
      de: 'Bilanzkonferenz EuRegioNet',
      pl: 'Konferencja podsumowująca EuRegioNet',
      en: 'EuRegioNet closing conference',
    },
    date: '2020-02-20',
    place: 'Collegium Polonicum, Słubice',
    languages: ['de', 'pl', 'en'],
    organisingPartner: 'BIC',
    clusters: ['odra-solar-netzwerk', 'holzbau-netzwerk-uckermark-lubuskie', 'gesundheit-grenzenlos', 'kunststoffe-chemie-oder-neisse'],
    organisations: ['bic', 'lop', 'cit', 'esnb', 'viadrina', 'uz'],
    participantCount: 96,
    outcomes: {
      de: 'Vorstellung der gemeinsamen Clustermarke; Absichtserklärung zur Fortführung des Dialogs nach Projektende.',
      pl: 'Prezentacja wspólnej marki klastrów; list intencyjny o kontynuacji dialogu po zakończeniu projektu.',
    },
  },
];

export interface DemoMeasure {
  cluster: string;
  kind: InternationalisationMeasureKind;
  date: string;
  description: string;
}

/** Internationalisation measures (invented), in the language of the partner that recorded them. */
export const DEMO_MEASURES: DemoMeasure[] = [
  {
    cluster: 'metall-netzwerk-ostbrandenburg',
    kind: 'networking',
    date: '2018-10-10',
    description: 'Kooperationsvereinbarung mit dem Lebuser Metallcluster: gemeinsame Einkaufsgemeinschaft für Stahl.',
  },
  {
    cluster: 'lubuski-klaster-metalowy',
    kind: 'networking',
    date: '2018-10-10',
    description: 'Porozumienie o współpracy z Metall-Netzwerk Ostbrandenburg: wspólne zakupy stali.',
  },
  {
    cluster: 'lubuski-klaster-metalowy',
    kind: 'internationalisation',
    date: '2019-04-01',
    description: 'Wspólne stoisko z członkami z Brandenburgii na targach w Hanowerze.',
  },
  {
    cluster: 'klaster-zielona-energia-lubuskie',
    kind: 'extension',
    date: '2019-02-01',
    description: 'Przyjęcie pięciu nowych członków, w tym dwóch firm z Brandenburgii.',
  },
  {
    cluster: 'energieregion-lausitz',
    kind: 'internationalisation',
    date: '2019-05-20',
    description: 'Delegationsreise zu Energieunternehmen in Zielona Góra und Żary.',
  },
  {
    cluster: 'klaster-it-zielona-gora',
    kind: 'internationalisation',
    date: '2019-09-12',
    description: 'Misja gospodarcza do Berlina i Cottbus z sześcioma firmami IT.',
  },
  {
    cluster: 'ernaehrungswirtschaft-oderland',
    kind: 'extension',
    date: '2017-06-01',
    description: 'Neues Serviceangebot: gemeinsame Vermarktung regionaler Produkte im Lebuser Land.',
  },
  {
    cluster: 'tourismus-seenland-lubuskie',
    kind: 'networking',
    date: '2021-06-10',
    description: 'Gemeinsames Radwegeportal mit dem Tourismusverband Lubuskie (nach Projektende).',
  },
];
