import type { ClusterKind, ClusterStatus, I18nLongText, I18nText, PartnerCode } from '@euregionet/shared';

/**
 * Demo directory for a first start: plausible clusters and networks of the programme area on
 * both sides of the border. Invented for demonstration; any likeness to a real member list is
 * not a statement about that organisation.
 */
export interface DemoOrganisation {
  key: string;
  name: string;
  type: 'sme' | 'large' | 'research' | 'chamber' | 'public' | 'cluster_management';
  country: 'DE' | 'PL';
  region: string;
  city: string;
}

export interface DemoCluster {
  slug: string;
  kind: ClusterKind;
  status: ClusterStatus;
  crossBorder: boolean;
  name: I18nText;
  description: I18nLongText;
  regions: string[];
  sectors: string[];
  ris3Areas: string[];
  website: string | null;
  foundedYear: number;
  partner: PartnerCode;
  published: boolean;
  brand: boolean;
  members: [key: string, role: 'coordinator' | 'member' | 'associated'][];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  // Partners of the project
  { key: 'bic', name: 'BIC Business and Innovation Centre Frankfurt (Oder)', type: 'cluster_management', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'lop', name: 'Lubuska Organizacja Pracodawców', type: 'chamber', country: 'PL', region: 'PL431', city: 'Gorzów Wielkopolski' },
  { key: 'cit', name: 'CIT GmbH – Centrum für Innovation und Technologie', type: 'cluster_management', country: 'DE', region: 'DE40G', city: 'Forst (Lausitz)' },
  { key: 'esnb', name: 'Euroregion Spree-Neiße-Bober e.V.', type: 'public', country: 'PL', region: 'PL432', city: 'Gubin' },
  // Research and education
  { key: 'viadrina', name: 'Europa-Universität Viadrina', type: 'research', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'btu', name: 'Brandenburgische Technische Universität Cottbus-Senftenberg', type: 'research', country: 'DE', region: 'DE402', city: 'Cottbus' },
  { key: 'uz', name: 'Uniwersytet Zielonogórski', type: 'research', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'ajp', name: 'Akademia im. Jakuba z Paradyża', type: 'research', country: 'PL', region: 'PL431', city: 'Gorzów Wielkopolski' },
  { key: 'ihp', name: 'Institut für Halbleiterphysik Oder', type: 'research', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'hnee', name: 'Hochschule für nachhaltige Entwicklung Eberswalde', type: 'research', country: 'DE', region: 'DE405', city: 'Eberswalde' },
  { key: 'pnt', name: 'Park Naukowo-Technologiczny Uniwersytetu Zielonogórskiego', type: 'research', country: 'PL', region: 'PL432', city: 'Nowy Kisielin' },
  // Chambers and public bodies
  { key: 'ihk-ostbb', name: 'IHK Ostbrandenburg', type: 'chamber', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'hwk-cottbus', name: 'Handwerkskammer Cottbus', type: 'chamber', country: 'DE', region: 'DE402', city: 'Cottbus' },
  { key: 'larr', name: 'Lubuska Agencja Rozwoju Regionalnego', type: 'public', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'kssse', name: 'Kostrzyńsko-Słubicka Specjalna Strefa Ekonomiczna', type: 'public', country: 'PL', region: 'PL431', city: 'Kostrzyn nad Odrą' },
  { key: 'wfbb', name: 'Wirtschaftsförderung Land Brandenburg – Büro Ost', type: 'public', country: 'DE', region: 'DE40C', city: 'Fürstenwalde/Spree' },
  // Companies, German side
  { key: 'eko-stahl', name: 'Oderstahl Eisenhüttenstadt GmbH', type: 'large', country: 'DE', region: 'DE40C', city: 'Eisenhüttenstadt' },
  { key: 'metallbau-schulz', name: 'Metallbau Schulz GmbH', type: 'sme', country: 'DE', region: 'DE409', city: 'Seelow' },
  { key: 'lausitz-energie', name: 'Lausitzer Energiesysteme GmbH', type: 'sme', country: 'DE', region: 'DE40G', city: 'Spremberg' },
  { key: 'solarwerk-ffo', name: 'Solarwerk Frankfurt (Oder) GmbH', type: 'sme', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'uckermark-wind', name: 'Uckermärker Windkraft GmbH & Co. KG', type: 'sme', country: 'DE', region: 'DE40I', city: 'Prenzlau' },
  { key: 'pck', name: 'Raffineriepark Schwedt Service GmbH', type: 'large', country: 'DE', region: 'DE40I', city: 'Schwedt/Oder' },
  { key: 'kunststoff-guben', name: 'Gubener Kunststofftechnik GmbH', type: 'sme', country: 'DE', region: 'DE40G', city: 'Guben' },
  { key: 'oderland-food', name: 'Oderländer Frischemanufaktur GmbH', type: 'sme', country: 'DE', region: 'DE409', city: 'Müncheberg' },
  { key: 'spreewald-feinkost', name: 'Spreewälder Feinkost Manufaktur GmbH', type: 'sme', country: 'DE', region: 'DE40G', city: 'Cottbus' },
  { key: 'logistik-ffo', name: 'Oder Logistik Terminal GmbH', type: 'sme', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'barnim-it', name: 'Barnimer Softwarehaus GmbH', type: 'sme', country: 'DE', region: 'DE405', city: 'Bernau bei Berlin' },
  { key: 'cottbus-digital', name: 'Lausitz Digital Lab GmbH', type: 'sme', country: 'DE', region: 'DE402', city: 'Cottbus' },
  { key: 'photon-ffo', name: 'Oder Photonics GmbH', type: 'sme', country: 'DE', region: 'DE403', city: 'Frankfurt (Oder)' },
  { key: 'klinik-mol', name: 'Gesundheitszentrum Märkisch-Oderland GmbH', type: 'large', country: 'DE', region: 'DE409', city: 'Strausberg' },
  { key: 'medtech-cb', name: 'MedTech Lausitz GmbH', type: 'sme', country: 'DE', region: 'DE402', city: 'Cottbus' },
  { key: 'tourismus-oder', name: 'Tourismusverband Seenland Oder-Spree e.V.', type: 'chamber', country: 'DE', region: 'DE40C', city: 'Bad Saarow' },
  { key: 'holz-uckermark', name: 'Uckermärker Holzbau GmbH', type: 'sme', country: 'DE', region: 'DE40I', city: 'Angermünde' },
  // Companies, Polish side
  { key: 'gorzow-metal', name: 'Gorzowskie Zakłady Metalowe Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Gorzów Wielkopolski' },
  { key: 'stal-kostrzyn', name: 'Stal-Kostrzyn S.A.', type: 'large', country: 'PL', region: 'PL431', city: 'Kostrzyn nad Odrą' },
  { key: 'zg-automotive', name: 'Zielonogórska Fabryka Komponentów Sp. z o.o.', type: 'large', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'nowa-sol-odlewnia', name: 'Odlewnia Nowa Sól Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Nowa Sól' },
  { key: 'eko-energia-lubuska', name: 'Lubuska Energia Odnawialna Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Żary' },
  { key: 'biogaz-sulecin', name: 'Biogazownia Sulęcin Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Sulęcin' },
  { key: 'recykling-zary', name: 'Recykling Żary Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Żary' },
  { key: 'drewno-swiebodzin', name: 'Świebodzińskie Zakłady Drzewne Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Świebodzin' },
  { key: 'meble-gorzow', name: 'Meble Warta Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Gorzów Wielkopolski' },
  { key: 'lubuskie-winnice', name: 'Winnica Zielonogórska Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'mleczarnia-miedzyrzecz', name: 'Spółdzielnia Mleczarska Międzyrzecz', type: 'sme', country: 'PL', region: 'PL431', city: 'Międzyrzecz' },
  { key: 'it-zielona', name: 'Zielona Soft Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'space-kisielin', name: 'Lubuskie Systemy Satelitarne Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Nowy Kisielin' },
  { key: 'gorzow-it', name: 'Warta Digital Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Gorzów Wielkopolski' },
  { key: 'szpital-zg', name: 'Lubuskie Centrum Medyczne Sp. z o.o.', type: 'large', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'rehab-lagow', name: 'Centrum Rehabilitacji Łagów Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Łagów' },
  { key: 'logistyka-swiecko', name: 'Terminal Świecko Logistyka Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Świecko' },
  { key: 'turystyka-lubuska', name: 'Lubuska Regionalna Organizacja Turystyczna', type: 'chamber', country: 'PL', region: 'PL432', city: 'Zielona Góra' },
  { key: 'chemia-gubin', name: 'Gubińskie Tworzywa Sztuczne Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL432', city: 'Gubin' },
  { key: 'slubice-biznes', name: 'Słubickie Centrum Usług Biznesowych Sp. z o.o.', type: 'sme', country: 'PL', region: 'PL431', city: 'Słubice' },
];

export const DEMO_CLUSTERS: DemoCluster[] = [
  {
    slug: 'lubuski-klaster-metalowy', kind: 'cluster', status: 'established', crossBorder: false,
    name: { pl: 'Lubuski Klaster Metalowy', de: 'Lebuser Metallcluster', en: 'Lubuskie Metal Cluster' },
    description: {
      pl: 'Zrzesza firmy obróbki metali, odlewnie i dostawców przemysłu maszynowego z Gorzowa Wielkopolskiego i okolic.',
      de: 'Vereint Metallbearbeiter, Gießereien und Zulieferer des Maschinenbaus aus Gorzów Wielkopolski und Umgebung.',
      en: 'Brings together metalworking firms, foundries and machine-building suppliers around Gorzów Wielkopolski.',
    },
    regions: ['PL431', 'PL432'], sectors: ['24', '25', '28'], ris3Areas: ['LB-INDUSTRY'], website: 'https://klaster-metalowy.example.pl', foundedYear: 2009,
    partner: 'LOP', published: true, brand: true,
    members: [['lop', 'coordinator'], ['gorzow-metal', 'member'], ['stal-kostrzyn', 'member'], ['nowa-sol-odlewnia', 'member'], ['ajp', 'associated']],
  },
  {
    slug: 'metall-netzwerk-ostbrandenburg', kind: 'network', status: 'established', crossBorder: false,
    name: { de: 'Metall-Netzwerk Ostbrandenburg', pl: 'Sieć Metalowa Brandenburgii Wschodniej', en: 'East Brandenburg Metal Network' },
    description: {
      de: 'Netzwerk der Metall- und Stahlverarbeitung zwischen Eisenhüttenstadt, Seelow und Frankfurt (Oder): gemeinsame Fachkräftesicherung und Einkauf.',
      pl: 'Sieć przetwórstwa metali i stali między Eisenhüttenstadt, Seelow i Frankfurtem nad Odrą: wspólne pozyskiwanie kadr i zakupy.',
      en: 'Network of metal and steel processing between Eisenhüttenstadt, Seelow and Frankfurt (Oder): joint skills development and purchasing.',
    },
    regions: ['DE40C', 'DE409', 'DE403'], sectors: ['24', '25'], ris3Areas: ['BB-METAL'], website: 'https://metall-ostbrandenburg.example.de', foundedYear: 2012,
    partner: 'BIC', published: true, brand: false,
    members: [['bic', 'coordinator'], ['eko-stahl', 'member'], ['metallbau-schulz', 'member'], ['ihk-ostbb', 'associated']],
  },
  {
    slug: 'klaster-zielona-energia-lubuskie', kind: 'cluster', status: 'established', crossBorder: false,
    name: { pl: 'Klaster Zielona Energia Lubuskie', de: 'Cluster Grüne Energie Lubuskie', en: 'Lubuskie Green Energy Cluster' },
    description: {
      pl: 'Odnawialne źródła energii, biogazownie i efektywność energetyczna w województwie lubuskim; wspólne projekty z Uniwersytetem Zielonogórskim.',
      de: 'Erneuerbare Energien, Biogasanlagen und Energieeffizienz in der Woiwodschaft Lebus; gemeinsame Projekte mit der Universität Zielona Góra.',
      en: 'Renewable energy, biogas plants and energy efficiency in the Lubuskie voivodeship; joint projects with the University of Zielona Góra.',
    },
    regions: ['PL432', 'PL431'], sectors: ['35', '38', 'D'], ris3Areas: ['LB-GREEN'], website: 'https://zielona-energia.example.pl', foundedYear: 2014,
    partner: 'ESNB', published: true, brand: true,
    members: [['eko-energia-lubuska', 'coordinator'], ['biogaz-sulecin', 'member'], ['recykling-zary', 'member'], ['uz', 'member'], ['larr', 'associated']],
  },
  {
    slug: 'energieregion-lausitz', kind: 'cluster', status: 'established', crossBorder: false,
    name: { de: 'Energieregion Lausitz', pl: 'Region Energetyczny Łużyce', en: 'Lusatia Energy Region' },
    description: {
      de: 'Energietechnik und Strukturwandel in der Lausitz: Speicher, Wasserstoff und Netze, mit der BTU Cottbus-Senftenberg.',
      pl: 'Technika energetyczna i transformacja strukturalna na Łużycach: magazynowanie, wodór i sieci, z BTU Cottbus-Senftenberg.',
      en: 'Energy technology and structural change in Lusatia: storage, hydrogen and grids, with BTU Cottbus-Senftenberg.',
    },
    regions: ['DE40G', 'DE402'], sectors: ['35', '27', '71'], ris3Areas: ['BB-ENERGY'], website: 'https://energieregion-lausitz.example.de', foundedYear: 2011,
    partner: 'CIT', published: true, brand: false,
    members: [['cit', 'coordinator'], ['lausitz-energie', 'member'], ['btu', 'member'], ['hwk-cottbus', 'associated']],
  },
  {
    slug: 'odra-solar-netzwerk', kind: 'network', status: 'emerging', crossBorder: true,
    name: { de: 'Oder-Solar-Netzwerk', pl: 'Sieć Solarna Odry', en: 'Oder Solar Network' },
    description: {
      de: 'Grenzüberschreitendes Netzwerk für Photovoltaik, Montage und Wartung beiderseits der Oder.',
      pl: 'Transgraniczna sieć fotowoltaiki, montażu i serwisu po obu stronach Odry.',
      en: 'Cross-border network for photovoltaics, installation and maintenance on both banks of the Oder.',
    },
    regions: ['DE403', 'PL431'], sectors: ['27', '43', '35'], ris3Areas: ['BB-ENERGY', 'LB-GREEN'], website: null, foundedYear: 2018,
    partner: 'BIC', published: true, brand: true,
    members: [['solarwerk-ffo', 'coordinator'], ['eko-energia-lubuska', 'member'], ['slubice-biznes', 'member'], ['viadrina', 'associated']],
  },
  {
    slug: 'windkraft-uckermark', kind: 'network', status: 'established', crossBorder: false,
    name: { de: 'Windkraft-Netzwerk Uckermark', pl: 'Sieć Energii Wiatrowej Uckermark', en: 'Uckermark Wind Power Network' },
    description: {
      de: 'Betreiber, Servicefirmen und Kommunen der Uckermark rund um Windenergie und regionale Wertschöpfung.',
      pl: 'Operatorzy, firmy serwisowe i gminy Uckermark skupione wokół energii wiatrowej i regionalnej wartości dodanej.',
      en: 'Operators, service firms and municipalities of the Uckermark around wind energy and regional value creation.',
    },
    regions: ['DE40I'], sectors: ['35', '33'], ris3Areas: ['BB-ENERGY'], website: 'https://wind-uckermark.example.de', foundedYear: 2010,
    partner: 'BIC', published: false, brand: false,
    members: [['uckermark-wind', 'coordinator'], ['pck', 'member'], ['hnee', 'associated']],
  },
  {
    slug: 'kunststoffe-chemie-oder-neisse', kind: 'cluster', status: 'established', crossBorder: true,
    name: { de: 'Kunststoffe und Chemie Oder-Neiße', pl: 'Tworzywa Sztuczne i Chemia Odra-Nysa', en: 'Oder-Neisse Plastics and Chemicals' },
    description: {
      de: 'Kunststoffverarbeiter aus Guben und Gubin arbeiten an Recycling und Materialeffizienz.',
      pl: 'Przetwórcy tworzyw sztucznych z Guben i Gubina pracują nad recyklingiem i efektywnością materiałową.',
      en: 'Plastics processors from Guben and Gubin work on recycling and material efficiency.',
    },
    regions: ['DE40G', 'PL432'], sectors: ['20', '22', '38'], ris3Areas: ['BB-PLASTICS', 'LB-GREEN'], website: null, foundedYear: 2016,
    partner: 'ESNB', published: true, brand: true,
    members: [['kunststoff-guben', 'coordinator'], ['chemia-gubin', 'member'], ['recykling-zary', 'member'], ['esnb', 'associated'], ['btu', 'associated']],
  },
  {
    slug: 'ernaehrungswirtschaft-oderland', kind: 'network', status: 'established', crossBorder: false,
    name: { de: 'Ernährungswirtschaft Oderland', pl: 'Przemysł Spożywczy Oderland', en: 'Oderland Food Industry' },
    description: {
      de: 'Regionale Lebensmittelhersteller aus Märkisch-Oderland und dem Spreewald: Vermarktung, Logistik und Qualitätssicherung.',
      pl: 'Regionalni producenci żywności z Märkisch-Oderland i Szprewaldu: marketing, logistyka i zapewnienie jakości.',
      en: 'Regional food producers from Märkisch-Oderland and the Spreewald: marketing, logistics and quality assurance.',
    },
    regions: ['DE409', 'DE40G'], sectors: ['10', '11'], ris3Areas: ['BB-FOOD'], website: 'https://ernaehrung-oderland.example.de', foundedYear: 2013,
    partner: 'BIC', published: true, brand: false,
    members: [['oderland-food', 'coordinator'], ['spreewald-feinkost', 'member'], ['ihk-ostbb', 'associated']],
  },
  {
    slug: 'lubuski-klaster-zywnosci', kind: 'cluster', status: 'emerging', crossBorder: false,
    name: { pl: 'Lubuski Klaster Żywności i Wina', de: 'Lebuser Cluster für Lebensmittel und Wein', en: 'Lubuskie Food and Wine Cluster' },
    description: {
      pl: 'Winnice, mleczarnie i przetwórcy żywności z Ziemi Lubuskiej; wspólna marka regionalna i eksport do Niemiec.',
      de: 'Weingüter, Molkereien und Lebensmittelverarbeiter aus dem Lebuser Land; gemeinsame Regionalmarke und Export nach Deutschland.',
      en: 'Vineyards, dairies and food processors from the Lubuskie region; a joint regional brand and exports to Germany.',
    },
    regions: ['PL432', 'PL431'], sectors: ['10', '11', '01'], ris3Areas: ['LB-HEALTH'], website: null, foundedYear: 2019,
    partner: 'LOP', published: true, brand: false,
    members: [['lubuskie-winnice', 'coordinator'], ['mleczarnia-miedzyrzecz', 'member'], ['uz', 'associated']],
  },
  {
    slug: 'logistik-drehscheibe-oder', kind: 'network', status: 'established', crossBorder: true,
    name: { de: 'Logistikdrehscheibe Oder', pl: 'Węzeł Logistyczny Odra', en: 'Oder Logistics Hub' },
    description: {
      de: 'Spediteure und Terminals an der A12/A2 zwischen Frankfurt (Oder) und Świecko: Zollabwicklung, Schiene und Lager.',
      pl: 'Spedytorzy i terminale przy A12/A2 między Frankfurtem nad Odrą a Świeckiem: odprawa celna, kolej i magazyny.',
      en: 'Forwarders and terminals on the A12/A2 between Frankfurt (Oder) and Świecko: customs, rail and warehousing.',
    },
    regions: ['DE403', 'PL431'], sectors: ['49', '52', 'H'], ris3Areas: ['BB-MOBILITY', 'LB-COOPERATION'], website: 'https://logistik-oder.example.eu', foundedYear: 2015,
    partner: 'BIC', published: true, brand: true,
    members: [['logistik-ffo', 'coordinator'], ['logistyka-swiecko', 'member'], ['kssse', 'member'], ['ihk-ostbb', 'associated']],
  },
  {
    slug: 'ikt-netzwerk-barnim-lausitz', kind: 'network', status: 'emerging', crossBorder: false,
    name: { de: 'IKT-Netzwerk Barnim-Lausitz', pl: 'Sieć ICT Barnim-Łużyce', en: 'Barnim-Lusatia ICT Network' },
    description: {
      de: 'Softwarefirmen und Digitallabore aus Bernau und Cottbus: Digitalisierung des Mittelstands und Fachkräfte.',
      pl: 'Firmy programistyczne i laboratoria cyfrowe z Bernau i Chociebuża: cyfryzacja MŚP i kadry.',
      en: 'Software firms and digital labs from Bernau and Cottbus: digitalisation of SMEs and skills.',
    },
    regions: ['DE405', 'DE402'], sectors: ['62', '63', 'J'], ris3Areas: ['BB-ICT'], website: null, foundedYear: 2017,
    partner: 'CIT', published: false, brand: false,
    members: [['barnim-it', 'coordinator'], ['cottbus-digital', 'member'], ['btu', 'associated']],
  },
  {
    slug: 'klaster-it-zielona-gora', kind: 'cluster', status: 'established', crossBorder: false,
    name: { pl: 'Zielonogórski Klaster IT', de: 'IT-Cluster Zielona Góra', en: 'Zielona Góra IT Cluster' },
    description: {
      pl: 'Firmy informatyczne i technologie kosmiczne wokół Parku Naukowo-Technologicznego w Nowym Kisielinie.',
      de: 'IT-Unternehmen und Raumfahrttechnik rund um den Wissenschafts- und Technologiepark in Nowy Kisielin.',
      en: 'IT companies and space technology around the science and technology park in Nowy Kisielin.',
    },
    regions: ['PL432'], sectors: ['62', '26', '72'], ris3Areas: ['LB-INDUSTRY'], website: 'https://it-zielonagora.example.pl', foundedYear: 2013,
    partner: 'LOP', published: true, brand: false,
    members: [['it-zielona', 'coordinator'], ['space-kisielin', 'member'], ['gorzow-it', 'member'], ['pnt', 'member'], ['uz', 'associated']],
  },
  {
    slug: 'photonik-oder', kind: 'network', status: 'emerging', crossBorder: false,
    name: { de: 'Photonik-Netzwerk Oder', pl: 'Sieć Fotoniki Odra', en: 'Oder Photonics Network' },
    description: {
      de: 'Mikroelektronik und Photonik in Frankfurt (Oder): Forschungstransfer aus dem Institut in kleine Unternehmen.',
      pl: 'Mikroelektronika i fotonika we Frankfurcie nad Odrą: transfer badań z instytutu do małych firm.',
      en: 'Microelectronics and photonics in Frankfurt (Oder): research transfer from the institute to small firms.',
    },
    regions: ['DE403'], sectors: ['26', '72'], ris3Areas: ['BB-PHOTONICS'], website: null, foundedYear: 2018,
    partner: 'BIC', published: true, brand: false,
    members: [['photon-ffo', 'coordinator'], ['ihp', 'member'], ['viadrina', 'associated']],
  },
  {
    slug: 'gesundheit-grenzenlos', kind: 'network', status: 'emerging', crossBorder: true,
    name: { de: 'Gesundheit grenzenlos', pl: 'Zdrowie bez granic', en: 'Health Without Borders' },
    description: {
      de: 'Kliniken, Reha-Einrichtungen und Medizintechnik beiderseits der Grenze: Telemedizin und Pflegekräfte.',
      pl: 'Szpitale, ośrodki rehabilitacji i technika medyczna po obu stronach granicy: telemedycyna i kadry opiekuńcze.',
      en: 'Hospitals, rehabilitation centres and medical technology on both sides of the border: telemedicine and care staff.',
    },
    regions: ['DE409', 'DE402', 'PL432'], sectors: ['86', '87', '32'], ris3Areas: ['BB-HEALTH', 'LB-HEALTH'], website: null, foundedYear: 2019,
    partner: 'ESNB', published: true, brand: true,
    members: [['klinik-mol', 'coordinator'], ['szpital-zg', 'member'], ['rehab-lagow', 'member'], ['medtech-cb', 'member']],
  },
  {
    slug: 'tourismus-seenland-lubuskie', kind: 'network', status: 'established', crossBorder: true,
    name: { de: 'Tourismusnetzwerk Seenland Oder-Spree–Lubuskie', pl: 'Sieć Turystyczna Pojezierze Odra-Sprewa–Lubuskie', en: 'Oder-Spree–Lubuskie Lakeland Tourism Network' },
    description: {
      de: 'Gemeinsame Rad-, Wasser- und Kulturangebote des Seenlands Oder-Spree und des Lebuser Seenlands.',
      pl: 'Wspólna oferta rowerowa, wodna i kulturalna Pojezierza Odra-Sprewa i Pojezierza Lubuskiego.',
      en: 'Joint cycling, water and culture offers of the Oder-Spree lakeland and the Lubuskie lakeland.',
    },
    regions: ['DE40C', 'PL432', 'PL431'], sectors: ['55', '79', '93'], ris3Areas: ['BB-TOURISM'], website: 'https://seenland-lubuskie.example.eu', foundedYear: 2014,
    partner: 'ESNB', published: true, brand: true,
    members: [['tourismus-oder', 'coordinator'], ['turystyka-lubuska', 'member'], ['esnb', 'associated']],
  },
  {
    slug: 'lubuski-klaster-drzewny', kind: 'cluster', status: 'established', crossBorder: false,
    name: { pl: 'Lubuski Klaster Drzewno-Meblarski', de: 'Lebuser Holz- und Möbelcluster', en: 'Lubuskie Wood and Furniture Cluster' },
    description: {
      pl: 'Przetwórstwo drewna i produkcja mebli: wzornictwo, certyfikacja FSC i eksport.',
      de: 'Holzverarbeitung und Möbelherstellung: Design, FSC-Zertifizierung und Export.',
      en: 'Wood processing and furniture making: design, FSC certification and export.',
    },
    regions: ['PL432', 'PL431'], sectors: ['16', '31'], ris3Areas: ['LB-INDUSTRY', 'LB-GREEN'], website: null, foundedYear: 2011,
    partner: 'LOP', published: true, brand: false,
    members: [['drewno-swiebodzin', 'coordinator'], ['meble-gorzow', 'member'], ['lop', 'associated']],
  },
  {
    slug: 'holzbau-netzwerk-uckermark-lubuskie', kind: 'network', status: 'emerging', crossBorder: true,
    name: { de: 'Holzbau-Netzwerk Uckermark–Lubuskie', pl: 'Sieć Budownictwa Drewnianego Uckermark–Lubuskie', en: 'Uckermark–Lubuskie Timber Construction Network' },
    description: {
      de: 'Neu gegründetes grenzüberschreitendes Netzwerk für nachhaltigen Holzbau und Ökobaustoffe.',
      pl: 'Nowo założona sieć transgraniczna na rzecz zrównoważonego budownictwa drewnianego i ekomateriałów.',
      en: 'Newly founded cross-border network for sustainable timber construction and eco-materials.',
    },
    regions: ['DE40I', 'PL432'], sectors: ['16', '41', '43'], ris3Areas: ['LB-GREEN'], website: null, foundedYear: 2019,
    partner: 'BIC', published: false, brand: false,
    members: [['holz-uckermark', 'coordinator'], ['drewno-swiebodzin', 'member'], ['hnee', 'associated']],
  },
  {
    slug: 'automotive-zulieferer-lubuskie', kind: 'cluster', status: 'established', crossBorder: false,
    name: { pl: 'Lubuski Klaster Motoryzacyjny', de: 'Automobilzulieferer-Cluster Lubuskie', en: 'Lubuskie Automotive Suppliers Cluster' },
    description: {
      pl: 'Dostawcy komponentów samochodowych z Zielonej Góry i Nowej Soli: elektromobilność i automatyzacja produkcji.',
      de: 'Autozulieferer aus Zielona Góra und Nowa Sól: Elektromobilität und Automatisierung der Fertigung.',
      en: 'Automotive component suppliers from Zielona Góra and Nowa Sól: e-mobility and production automation.',
    },
    regions: ['PL432'], sectors: ['29', '22', '25'], ris3Areas: ['LB-INDUSTRY', 'LB-GREEN'], website: 'https://moto-lubuskie.example.pl', foundedYear: 2012,
    partner: 'LOP', published: true, brand: false,
    members: [['zg-automotive', 'coordinator'], ['nowa-sol-odlewnia', 'member'], ['gorzow-metal', 'member'], ['kssse', 'associated']],
  },
];
