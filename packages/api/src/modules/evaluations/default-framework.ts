import type {
  Criterion,
  Dimension,
  EvaluationFrameworkCreate,
  IndicatorSource,
  MaturityLevel,
  ScaleLevel,
  TargetProfile,
} from '@euregionet/shared';

/**
 * The framework a fresh database starts with, modelled on the areas of the European cluster
 * management excellence benchmarking (ESCA): structure; governance and management; financing;
 * strategy, objectives and services; cooperation and internationalisation; achievements and
 * recognition. Its criteria, weights and thresholds are data: administrators change them by
 * publishing a new version. The target profiles are orientation values for the label tiers that
 * the project sets itself, not ESCA's own assessment rules.
 */
export const DEFAULT_FRAMEWORK_CODE = 'cluster-excellence';

type T = { de: string; pl: string; en: string };

const GENERIC_SCALE: [T, T][] = [
  [
    { de: 'Nicht vorhanden', pl: 'Brak', en: 'Not in place' },
    { de: 'Keine Belege, dass dies vorhanden ist.', pl: 'Brak dowodów, że to istnieje.', en: 'No evidence that this is in place.' },
  ],
  [
    { de: 'Ansätze', pl: 'Początkowy', en: 'Initial' },
    {
      de: 'Erste Schritte oder Pläne, noch keine gelebte Praxis.',
      pl: 'Pierwsze kroki lub plany, jeszcze niestosowane w praktyce.',
      en: 'First steps or plans, not yet practised.',
    },
  ],
  [
    { de: 'Teilweise umgesetzt', pl: 'Częściowo wdrożony', en: 'Partly in place' },
    {
      de: 'Für einen Teil des Clusters oder unregelmäßig umgesetzt.',
      pl: 'Wdrożone w części klastra lub nieregularnie.',
      en: 'In place for part of the cluster, or irregularly.',
    },
  ],
  [
    { de: 'Gut etabliert', pl: 'Dobrze ugruntowany', en: 'Well established' },
    {
      de: 'Vorhanden, dokumentiert und regelmäßig gelebt.',
      pl: 'Wdrożone, udokumentowane i regularnie stosowane.',
      en: 'In place, documented and practised regularly.',
    },
  ],
  [
    { de: 'Exzellent', pl: 'Doskonały', en: 'Excellent' },
    {
      de: 'Vorbildlich, gemessen und laufend verbessert; gute Praxis für andere.',
      pl: 'Wzorcowe, mierzone i stale doskonalone; dobra praktyka dla innych.',
      en: 'Exemplary, measured and continuously improved; good practice for others.',
    },
  ],
];

const genericScale = (): ScaleLevel[] => GENERIC_SCALE.map(([label, description], value) => ({ value, label, description }));

const UNITS: Record<IndicatorSource, T> = {
  memberCount: { de: 'Mitglieder', pl: 'członków', en: 'members' },
  smeShare: { de: '% KMU', pl: '% MŚP', en: '% SMEs' },
  researchShare: { de: '% Forschungseinrichtungen', pl: '% jednostek naukowych', en: '% research organisations' },
  crossBorderShare: { de: '% Mitglieder jenseits der Grenze', pl: '% członków zza granicy', en: '% members across the border' },
};

/** A 0–4 scale whose levels are the ranges between the thresholds of an indicator. */
function indicatorScale(source: IndicatorSource, thresholds: number[]): ScaleLevel[] {
  const unit = UNITS[source];
  const text = (range: (lang: keyof T) => string): T => ({ de: range('de'), pl: range('pl'), en: range('en') });
  const below: T = { de: 'unter', pl: 'poniżej', en: 'below' };
  const from: T = { de: 'ab', pl: 'od', en: 'from' };
  const upTo: T = { de: 'bis unter', pl: 'do poniżej', en: 'to below' };
  return GENERIC_SCALE.map(([, description], value) => {
    const label =
      value === 0
        ? text((l) => `${below[l]} ${thresholds[0]} ${unit[l]}`)
        : value === thresholds.length
          ? text((l) => `${from[l]} ${thresholds[value - 1]} ${unit[l]}`)
          : text((l) => `${from[l]} ${thresholds[value - 1]} ${upTo[l]} ${thresholds[value]} ${unit[l]}`);
    return { value, label, description };
  });
}

function criterion(
  key: string,
  text: T,
  guidance: T,
  options: { weight?: number; indicator?: [IndicatorSource, number[]] } = {},
): Criterion {
  const indicator = options.indicator ? { source: options.indicator[0], thresholds: options.indicator[1] } : null;
  return {
    key,
    text,
    guidance,
    weight: options.weight ?? 1,
    scale: indicator ? indicatorScale(indicator.source, indicator.thresholds) : genericScale(),
    indicator,
  };
}

const dimension = (key: string, name: T, description: T, criteria: Criterion[]): Dimension => ({
  key,
  name,
  description,
  weight: 1,
  criteria,
});

export const DEFAULT_DIMENSIONS: Dimension[] = [
  dimension(
    'structure',
    { de: 'Struktur des Clusters', pl: 'Struktura klastra', en: 'Structure of the cluster' },
    {
      de: 'Wer macht mit: Zahl und Art der Mitglieder, Beteiligung von KMU und Forschung.',
      pl: 'Kto uczestniczy: liczba i rodzaj członków, udział MŚP i nauki.',
      en: 'Who takes part: number and kind of members, involvement of SMEs and research.',
    },
    [
      criterion(
        'structure.members',
        { de: 'Zahl der Mitglieder', pl: 'Liczba członków', en: 'Number of members' },
        {
          de: 'Aus dem Verzeichnis übernommen. Prüfen Sie, ob die Mitgliederliste aktuell ist (zahlende bzw. aktive Mitglieder).',
          pl: 'Przejęte z katalogu. Sprawdź, czy lista członków jest aktualna (członkowie płacący składki lub aktywni).',
          en: 'Taken from the directory. Check that the member list is current (paying or active members).',
        },
        { indicator: ['memberCount', [10, 20, 35, 50]] },
      ),
      criterion(
        'structure.sme-share',
        { de: 'Anteil der KMU an den Mitgliedern', pl: 'Udział MŚP wśród członków', en: 'Share of SMEs among the members' },
        {
          de: 'Aus dem Verzeichnis (Organisationstyp KMU). KMU nach EU-Definition: unter 250 Beschäftigte.',
          pl: 'Z katalogu (typ organizacji MŚP). MŚP według definicji UE: poniżej 250 pracowników.',
          en: 'From the directory (organisation type SME). SMEs as the EU defines them: fewer than 250 employees.',
        },
        { indicator: ['smeShare', [20, 35, 50, 65]] },
      ),
      criterion(
        'structure.research',
        {
          de: 'Beteiligung von Forschungs- und Bildungseinrichtungen',
          pl: 'Udział jednostek naukowych i edukacyjnych',
          en: 'Involvement of research and education organisations',
        },
        {
          de: 'Anteil der Hochschulen und Forschungseinrichtungen an den Mitgliedern, aus dem Verzeichnis.',
          pl: 'Udział uczelni i instytutów badawczych wśród członków, z katalogu.',
          en: 'Share of universities and research institutes among the members, from the directory.',
        },
        { indicator: ['researchShare', [3, 7, 12, 20]] },
      ),
      criterion(
        'structure.value-chain',
        {
          de: 'Abdeckung der Wertschöpfungskette',
          pl: 'Pokrycie łańcucha wartości',
          en: 'Coverage of the value chain',
        },
        {
          de: 'Sind Zulieferer, Hersteller, Dienstleister und Anwender vertreten? Fehlen wichtige Glieder?',
          pl: 'Czy reprezentowani są dostawcy, producenci, usługodawcy i użytkownicy? Czy brakuje ważnych ogniw?',
          en: 'Are suppliers, manufacturers, service providers and users represented? Are important links missing?',
        },
      ),
    ],
  ),
  dimension(
    'governance',
    { de: 'Management und Governance', pl: 'Zarządzanie i ład organizacyjny', en: 'Management and governance' },
    {
      de: 'Das Clustermanagement: Personal, Entscheidungswege, Einbindung der Mitglieder.',
      pl: 'Koordynator klastra: personel, sposób podejmowania decyzji, zaangażowanie członków.',
      en: 'The cluster management: staff, decision making, involvement of the members.',
    },
    [
      criterion(
        'governance.staff',
        {
          de: 'Personal und Kompetenzen des Clustermanagements',
          pl: 'Personel i kompetencje koordynatora klastra',
          en: 'Staff and competences of the cluster management',
        },
        {
          de: 'Vollzeitäquivalente, Qualifikation, Erfahrung, Weiterbildung; Vertretungsregeln.',
          pl: 'Etaty, kwalifikacje, doświadczenie, szkolenia; zasady zastępstw.',
          en: 'Full-time equivalents, qualification, experience, training; deputising arrangements.',
        },
        { weight: 1.5 },
      ),
      criterion(
        'governance.decision-making',
        { de: 'Gremien und Entscheidungsfindung', pl: 'Organy i podejmowanie decyzji', en: 'Bodies and decision making' },
        {
          de: 'Gibt es einen Lenkungskreis oder Beirat mit klaren Aufgaben? Sind Entscheidungen dokumentiert?',
          pl: 'Czy istnieje komitet sterujący lub rada z jasnymi zadaniami? Czy decyzje są dokumentowane?',
          en: 'Is there a steering committee or board with clear tasks? Are decisions documented?',
        },
      ),
      criterion(
        'governance.involvement',
        {
          de: 'Einbindung und Zufriedenheit der Mitglieder',
          pl: 'Zaangażowanie i zadowolenie członków',
          en: 'Member involvement and satisfaction',
        },
        {
          de: 'Teilnahme an Veranstaltungen und Arbeitsgruppen, Befragungen der Mitglieder und was daraus folgte.',
          pl: 'Udział w wydarzeniach i grupach roboczych, ankiety wśród członków i ich rezultaty.',
          en: 'Participation in events and working groups, member surveys and what followed from them.',
        },
      ),
    ],
  ),
  dimension(
    'financing',
    { de: 'Finanzierung', pl: 'Finansowanie', en: 'Financing' },
    {
      de: 'Wie das Clustermanagement finanziert ist und wie tragfähig das ist.',
      pl: 'Jak finansowany jest koordynator klastra i na ile jest to trwałe.',
      en: 'How the cluster management is financed, and how sustainable that is.',
    },
    [
      criterion(
        'financing.sources',
        { de: 'Vielfalt der Finanzierungsquellen', pl: 'Różnorodność źródeł finansowania', en: 'Diversity of funding sources' },
        {
          de: 'Öffentliche Förderung, Mitgliedsbeiträge, Entgelte für Leistungen, Projekte: wie verteilt, wie abhängig?',
          pl: 'Dotacje publiczne, składki, opłaty za usługi, projekty: jak rozłożone, jak duża zależność?',
          en: 'Public funding, membership fees, fees for services, projects: how spread, how dependent?',
        },
      ),
      criterion(
        'financing.private-share',
        {
          de: 'Anteil privater Mittel (Beiträge und Entgelte)',
          pl: 'Udział środków prywatnych (składki i opłaty)',
          en: 'Share of private income (fees and charges)',
        },
        {
          de: 'Anteil der Mitgliedsbeiträge und Leistungsentgelte am Budget des Clustermanagements im letzten Jahr.',
          pl: 'Udział składek członkowskich i opłat za usługi w budżecie koordynatora w ostatnim roku.',
          en: 'Share of membership fees and service charges in the cluster management’s budget last year.',
        },
      ),
      criterion(
        'financing.plan',
        { de: 'Finanzplanung und Verstetigung', pl: 'Planowanie finansowe i trwałość', en: 'Financial planning and sustainability' },
        {
          de: 'Mehrjähriger Finanzplan; Finanzierung über das Ende laufender Förderungen hinaus gesichert?',
          pl: 'Wieloletni plan finansowy; czy finansowanie jest zabezpieczone po zakończeniu obecnych dotacji?',
          en: 'A multi-year financial plan; is funding secured beyond the end of current grants?',
        },
      ),
    ],
  ),
  dimension(
    'strategy',
    { de: 'Strategie, Ziele und Leistungen', pl: 'Strategia, cele i usługi', en: 'Strategy, objectives and services' },
    {
      de: 'Eine schriftliche Strategie, ein Aktionsplan und die Leistungen für die Mitglieder.',
      pl: 'Pisemna strategia, plan działań i usługi dla członków.',
      en: 'A written strategy, an action plan, and the services offered to the members.',
    },
    [
      criterion(
        'strategy.written',
        {
          de: 'Schriftliche Strategie mit messbaren Zielen',
          pl: 'Pisemna strategia z mierzalnymi celami',
          en: 'Written strategy with measurable objectives',
        },
        {
          de: 'Mit den Mitgliedern erarbeitet und beschlossen? Ziele mit Indikatoren und Zeitrahmen?',
          pl: 'Opracowana i przyjęta wspólnie z członkami? Cele ze wskaźnikami i terminami?',
          en: 'Developed and adopted with the members? Objectives with indicators and time frames?',
        },
        { weight: 1.5 },
      ),
      criterion(
        'strategy.action-plan',
        { de: 'Aktionsplan und Monitoring', pl: 'Plan działań i monitoring', en: 'Action plan and monitoring' },
        {
          de: 'Jahresplan mit Verantwortlichen; wird der Fortschritt gemessen und berichtet?',
          pl: 'Plan roczny z osobami odpowiedzialnymi; czy postęp jest mierzony i raportowany?',
          en: 'A yearly plan with responsibilities; is progress measured and reported?',
        },
      ),
      criterion(
        'strategy.services',
        { de: 'Leistungsangebot für die Mitglieder', pl: 'Oferta usług dla członków', en: 'Services offered to the members' },
        {
          de: 'Information, Qualifizierung, Kooperationsanbahnung, Marketing, Fördermittelberatung: genutzt und bewertet?',
          pl: 'Informacja, szkolenia, kojarzenie partnerów, marketing, doradztwo w pozyskiwaniu funduszy: wykorzystywane i oceniane?',
          en: 'Information, training, matchmaking, marketing, funding advice: used and rated by the members?',
        },
      ),
      criterion(
        'strategy.smart-specialisation',
        {
          de: 'Bezug zur regionalen Innovationsstrategie (RIS3)',
          pl: 'Powiązanie z regionalną strategią innowacji (RIS3)',
          en: 'Alignment with the regional innovation strategy (RIS3)',
        },
        {
          de: 'Passt die Ausrichtung zu den Schwerpunkten von innoBB bzw. den lubuskischen Spezialisierungen?',
          pl: 'Czy profil odpowiada priorytetom innoBB lub inteligentnym specjalizacjom Lubuskiego?',
          en: 'Does the focus fit the priorities of innoBB or the smart specialisations of Lubuskie?',
        },
      ),
    ],
  ),
  dimension(
    'cooperation',
    { de: 'Kooperation und Internationalisierung', pl: 'Współpraca i umiędzynarodowienie', en: 'Cooperation and internationalisation' },
    {
      de: 'Zusammenarbeit der Mitglieder untereinander, über die Grenze und international.',
      pl: 'Współpraca członków między sobą, ponad granicą i na arenie międzynarodowej.',
      en: 'Cooperation among the members, across the border and internationally.',
    },
    [
      criterion(
        'cooperation.cross-border-members',
        { de: 'Mitglieder jenseits der Grenze', pl: 'Członkowie zza granicy', en: 'Members across the border' },
        {
          de: 'Anteil der Mitglieder im Nachbarland, aus dem Verzeichnis.',
          pl: 'Udział członków z kraju sąsiedniego, z katalogu.',
          en: 'Share of members in the neighbouring country, from the directory.',
        },
        { indicator: ['crossBorderShare', [5, 10, 20, 30]] },
      ),
      criterion(
        'cooperation.projects',
        { de: 'Kooperationsprojekte der Mitglieder', pl: 'Projekty współpracy członków', en: 'Cooperation projects of the members' },
        {
          de: 'Gemeinsame Entwicklungs-, Innovations- oder Förderprojekte der letzten drei Jahre, mit Zahl und Umfang.',
          pl: 'Wspólne projekty rozwojowe, innowacyjne lub dotacyjne z ostatnich trzech lat, z liczbą i skalą.',
          en: 'Joint development, innovation or funded projects of the last three years, with number and size.',
        },
        { weight: 1.5 },
      ),
      criterion(
        'cooperation.international',
        { de: 'Internationalisierungsaktivitäten', pl: 'Działania na rzecz umiędzynarodowienia', en: 'Internationalisation activities' },
        {
          de: 'Internationale Partnerschaften, Messen, Delegationsreisen, Mitarbeit in europäischen Netzwerken; Strategie dafür?',
          pl: 'Partnerstwa międzynarodowe, targi, misje gospodarcze, udział w sieciach europejskich; czy istnieje strategia?',
          en: 'International partnerships, fairs, business missions, work in European networks; is there a strategy for it?',
        },
      ),
    ],
  ),
  dimension(
    'achievements',
    { de: 'Erfolge und Anerkennung', pl: 'Osiągnięcia i uznanie', en: 'Achievements and recognition' },
    {
      de: 'Was der Cluster bewirkt hat und wie er wahrgenommen wird.',
      pl: 'Co klaster osiągnął i jak jest postrzegany.',
      en: 'What the cluster achieved, and how it is seen.',
    },
    [
      criterion(
        'achievements.outcomes',
        { de: 'Messbare Ergebnisse für die Mitglieder', pl: 'Mierzalne rezultaty dla członków', en: 'Measurable outcomes for the members' },
        {
          de: 'Neue Produkte, Aufträge, Fachkräfte, eingeworbene Fördermittel – belegt, nicht geschätzt.',
          pl: 'Nowe produkty, zamówienia, pracownicy, pozyskane fundusze – udokumentowane, nie szacowane.',
          en: 'New products, orders, skilled staff, funding won – documented, not estimated.',
        },
        { weight: 1.5 },
      ),
      criterion(
        'achievements.visibility',
        { de: 'Sichtbarkeit und Kommunikation', pl: 'Widoczność i komunikacja', en: 'Visibility and communication' },
        {
          de: 'Website, Newsletter, Presse, Auftritte; mehrsprachig (Deutsch, Polnisch, Englisch)?',
          pl: 'Strona internetowa, newsletter, prasa, wystąpienia; wielojęzycznie (niemiecki, polski, angielski)?',
          en: 'Website, newsletter, press, appearances; in several languages (German, Polish, English)?',
        },
      ),
      criterion(
        'achievements.recognition',
        { de: 'Auszeichnungen und Labels', pl: 'Wyróżnienia i certyfikaty', en: 'Awards and labels' },
        {
          de: 'ESCA-Label (Bronze, Silber, Gold), Preise, die gemeinsame deutsch-polnische Clustermarke.',
          pl: 'Certyfikat ESCA (brązowy, srebrny, złoty), nagrody, wspólna polsko-niemiecka marka klastrów.',
          en: 'ESCA label (bronze, silver, gold), awards, the joint Polish–German cluster brand.',
        },
      ),
    ],
  ),
];

export const DEFAULT_MATURITY_LEVELS: MaturityLevel[] = [
  {
    key: 'emerging',
    minScore: 0,
    label: { de: 'Im Aufbau', pl: 'Wschodzący', en: 'Emerging' },
    description: {
      de: 'Grundlagen fehlen noch in mehreren Bereichen.',
      pl: 'W kilku obszarach brakuje jeszcze podstaw.',
      en: 'Foundations are still missing in several areas.',
    },
  },
  {
    key: 'developing',
    minScore: 40,
    label: { de: 'In Entwicklung', pl: 'Rozwijający się', en: 'Developing' },
    description: {
      de: 'Die wichtigsten Strukturen bestehen, sind aber noch nicht gefestigt.',
      pl: 'Najważniejsze struktury istnieją, ale nie są jeszcze ugruntowane.',
      en: 'The main structures exist but are not yet consolidated.',
    },
  },
  {
    key: 'established',
    minScore: 60,
    label: { de: 'Etabliert', pl: 'Ugruntowany', en: 'Established' },
    description: {
      de: 'Ein professionell geführter Cluster mit gelebter Strategie.',
      pl: 'Profesjonalnie zarządzany klaster z realizowaną strategią.',
      en: 'A professionally managed cluster with a strategy that is lived.',
    },
  },
  {
    key: 'excellent',
    minScore: 80,
    label: { de: 'Exzellent', pl: 'Doskonały', en: 'Excellent' },
    description: {
      de: 'Vorbildlich in allen Bereichen; bereit für ein Gold-Label.',
      pl: 'Wzorcowy we wszystkich obszarach; gotowy na złoty certyfikat.',
      en: 'Exemplary in every area; ready for a gold label.',
    },
  },
];

const allDimensions = (score: number) => Object.fromEntries(DEFAULT_DIMENSIONS.map((d) => [d.key, score]));
const orientation: T = {
  de: 'Orientierungswerte des Projekts für die Label-Stufe; keine Bewertungsregel des ESCA.',
  pl: 'Wartości orientacyjne projektu dla poziomu certyfikatu; nie są to zasady oceny ESCA.',
  en: 'The project’s orientation values for the label tier; not ESCA’s own assessment rules.',
};

export const DEFAULT_TARGET_PROFILES: TargetProfile[] = [
  {
    key: 'silver',
    label: { de: 'Silber-Label', pl: 'Srebrny certyfikat', en: 'Silver label' },
    description: orientation,
    overall: 60,
    dimensions: allDimensions(55),
  },
  {
    key: 'gold',
    label: { de: 'Gold-Label', pl: 'Złoty certyfikat', en: 'Gold label' },
    description: orientation,
    overall: 80,
    dimensions: allDimensions(75),
  },
  {
    key: 'bronze',
    label: { de: 'Bronze-Label', pl: 'Brązowy certyfikat', en: 'Bronze label' },
    description: orientation,
    overall: 40,
    dimensions: allDimensions(30),
  },
];

export const DEFAULT_FRAMEWORK: EvaluationFrameworkCreate = {
  code: DEFAULT_FRAMEWORK_CODE,
  name: {
    de: 'Cluster-Exzellenz (angelehnt an das ESCA-Benchmarking)',
    pl: 'Doskonałość klastra (na wzór benchmarkingu ESCA)',
    en: 'Cluster excellence (modelled on the ESCA benchmarking)',
  },
  description: {
    de: 'Sechs Bereiche des europäischen Benchmarkings für Clustermanagement-Exzellenz, ergänzt um die grenzüberschreitende Zusammenarbeit.',
    pl: 'Sześć obszarów europejskiego benchmarkingu doskonałości zarządzania klastrami, uzupełnionych o współpracę transgraniczną.',
    en: 'Six areas of the European cluster management excellence benchmarking, with cross-border cooperation added.',
  },
  dimensions: DEFAULT_DIMENSIONS,
  maturityLevels: DEFAULT_MATURITY_LEVELS,
  targetProfiles: DEFAULT_TARGET_PROFILES,
};
