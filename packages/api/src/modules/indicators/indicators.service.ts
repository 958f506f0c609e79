import {
  CONSULTING_OUTCOMES,
  CONSULTING_TOPICS,
  INDICATOR_TARGETS,
  PARTNER_CODES,
  pickLocalized,
  PROJECT_PERIOD,
  type IndicatorEvidence,
  type IndicatorFigure,
  type IndicatorKey,
  type InternationalisationMeasure,
  type InternationalisationMeasureCreate,
  type InternationalisationMeasureListQuery,
  type Locale,
  type ProjectIndicators,
} from '@euregionet/shared';
import { systemClock, todayOn, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { assertCanEdit } from '../auth/policy.js';
import { recordAudit } from '../audit/audit.repo.js';
import type { FileStore } from '../files/file-store.js';
import { readsRecordFiles, removeFilesOf, userMayEdit, type FileOwnerResolver } from '../files/files.service.js';
import { countPublished } from '../publications/publications.service.js';
import { createBrandService } from '../brand/brand.service.js';
import { createIndicatorRepo } from './indicators.repo.js';
import type { MatchFigureSource } from './match-figures.js';
import type { ReportingPeriod } from './period.js';

export interface IndicatorServiceOptions {
  /** Without a source the figures are "not available yet". */
  matches?: MatchFigureSource;
  clock?: Clock;
  /** Where the files of measures are kept; deleting a measure removes them. */
  store?: FileStore;
}

/** A measure's files (evidence of the indicator): never public; whoever may change its cluster attaches them. */
export const measureFileOwner: FileOwnerResolver = async (db, ctx, id) => {
  const measure = await createIndicatorRepo(db).getMeasure(id);
  if (!measure) return null;
  return { public: false, read: readsRecordFiles(ctx), edit: userMayEdit(ctx, measure) };
};

const blank = (kind: IndicatorEvidence['kind'], id: string, name: string): IndicatorEvidence => ({
  kind,
  id,
  name,
  date: null,
  partner: null,
  countries: [],
  identifier: null,
  clusters: [],
  evaluationId: null,
  measures: [],
  foundedYear: null,
  participants: null,
});

const figure = (key: IndicatorKey, evidence: IndicatorEvidence[]): IndicatorFigure => ({
  key,
  value: evidence.length,
  target: INDICATOR_TARGETS[key] ?? null,
  evidence,
});

function breakdown<K extends string>(keys: readonly K[], rows: { key: K; count: number }[]) {
  return keys.map((key) => ({ key, count: rows.filter((r) => r.key === key).reduce((s, r) => s + r.count, 0) }));
}

/** The project's indicators, and the internationalisation measures behind one of them. */
export function createIndicatorService(db: Db, options: IndicatorServiceOptions = {}) {
  const repo = createIndicatorRepo(db);
  const clock = options.clock ?? systemClock;
  const today = todayOn(clock);

  return {
    async dashboard(query: { from?: string | undefined; to?: string | undefined; lang: Locale }): Promise<ProjectIndicators> {
      const period: ReportingPeriod = { from: query.from ?? null, to: query.to ?? null };
      const name = (value: Partial<Record<Locale, string>>) => pickLocalized(value, query.lang)?.text ?? '';

      const evaluated = (await repo.evaluatedClusters(period)).map((c) => ({
        ...blank('cluster', c.id, name(c.name)),
        date: c.date,
        partner: c.partner,
        countries: c.countries,
        evaluationId: c.evaluationId,
      }));
      const internationalised = (await repo.internationalisedClusters(period)).map((c) => ({
        ...blank('cluster', c.id, name(c.name)),
        date: c.date,
        partner: c.partner,
        countries: c.countries,
        measures: c.measures,
      }));
      const founded = (await repo.newCrossBorderClusters(period)).map((c) => ({
        ...blank('cluster', c.id, name(c.name)),
        partner: c.partner,
        countries: c.countries,
        foundedYear: c.foundedYear,
      }));
      const organisations = (await repo.crossBorderOrganisations(period)).map((o) => ({
        ...blank('organisation', o.id, o.name),
        date: o.date,
        countries: [o.country],
        identifier: o.nip
          ? `NIP ${o.nip}`
          : o.krs
            ? `KRS ${o.krs}`
            : o.registerNumber
              ? `${o.registerNumber}, ${o.registerCourt ?? ''}`.replace(/, $/, '')
              : null,
        clusters: o.clusters.map((c) => ({ id: c.id, name: name(c.name) })).sort((a, b) => a.name.localeCompare(b.name, query.lang)),
      }));
      const events = (await repo.dialogueEvents(period)).map((e) => ({
        ...blank('event', e.id, name(e.title)),
        date: e.date,
        partner: e.partner,
        countries: [...new Set(e.clusters.flatMap((c) => c.countries))].sort(),
        clusters: e.clusters.map((c) => ({ id: c.id, name: name(c.name) })),
        participants: e.participants,
      }));

      // The brand's awards, through the brand module: holders on the period's last day, awards started in it.
      const brand = await createBrandService(db, { clock }).indicators(period);
      const award = (a: (typeof brand.started)[number]): IndicatorEvidence => ({
        ...blank('award', a.id, name(a.name)),
        date: a.validFrom,
        partner: a.partner,
        countries: [...a.countries].sort() as IndicatorEvidence['countries'],
        identifier: a.certificateNumber,
      });
      const years = [...new Set(brand.started.map((a) => Number(a.validFrom.slice(0, 4))))].sort();

      const consulting = await repo.consultingCounts(period);
      const links = (await repo.consultingLinks(period)).map((l) => ({
        kind: l.kind,
        evidence: {
          ...blank('consulting_request', l.id, l.reference),
          date: l.date,
          partner: l.partner,
          countries: [l.country],
          identifier: l.title ? name(l.title) : null,
        },
      }));
      const linked = (kind: 'funding' | 'match') => links.filter((l) => l.kind === kind).map((l) => l.evidence);
      const matchFigures = (await options.matches?.figures(db, period)) ?? null;

      return {
        period,
        projectPeriod: { ...PROJECT_PERIOD },
        today: today(),
        lang: query.lang,
        figures: [
          figure('clusters_evaluated', evaluated),
          figure('clusters_internationalised', internationalised),
          figure('new_cross_border_clusters', founded),
          figure('cross_border_organisations', organisations),
          figure('dialogue_events', events),
          figure('brand_holders', brand.holders.map(award)),
          figure('brand_awards', brand.started.map(award)),
          figure('brand_renewals', brand.started.filter((a) => a.renewal).map(award)),
          figure('consulting_funding_referrals', linked('funding')),
          figure('consulting_matches_proposed', linked('match')),
        ],
        participants: events.reduce((s, e) => s + (e.participants ?? 0), 0),
        publications: await countPublished(db, period),
        sharesOpened: await repo.sharesOpened(period),
        brandByYear: years.map((year) => {
          const of = brand.started.filter((a) => a.validFrom.startsWith(`${year}-`));
          return { year, awards: of.length, renewals: of.filter((a) => a.renewal).length };
        }),
        consulting: {
          total: consulting.reduce((s, r) => s + r.count, 0),
          byTopic: breakdown(
            CONSULTING_TOPICS,
            consulting.map((r) => ({ key: r.topic, count: r.count })),
          ),
          byPartner: breakdown(
            PARTNER_CODES,
            consulting.map((r) => ({ key: r.partner, count: r.count })),
          ),
          byOutcome: breakdown(
            [...CONSULTING_OUTCOMES, 'unresolved'] as const,
            consulting.map((r) => ({ key: r.outcome ?? 'unresolved', count: r.count })),
          ),
        },
        matches: { available: matchFigures !== null, figures: matchFigures },
      };
    },

    // ---- internationalisation measures

    listMeasures: (query: InternationalisationMeasureListQuery) => repo.listMeasures(query),

    async createMeasure(ctx: RequestContext, input: InternationalisationMeasureCreate): Promise<InternationalisationMeasure> {
      return db.transaction(async (tx) => {
        const measures = createIndicatorRepo(tx);
        const cluster = await measures.liveCluster(input.clusterId);
        if (!cluster) {
          throw new AppError(400, 'VALIDATION_FAILED', 'The cluster does not exist', {
            errors: [{ pointer: '/body/clusterId', code: 'unknown_cluster', message: `No cluster with id ${input.clusterId}` }],
          });
        }
        assertCanEdit(ctx, cluster);
        const id = await measures.insertMeasure({ ...input, createdBy: ctx.actor?.kind === 'user' ? ctx.actor.id : null });
        const created = (await measures.getMeasure(id))!;
        await recordAudit(tx, ctx, { action: 'create', entity: 'internationalisation_measure', entityId: id, after: input });
        return created;
      });
    },

    async deleteMeasure(ctx: RequestContext, id: string): Promise<void> {
      const { store } = options;
      // Without the store the files' bytes would outlive the measure.
      if (!store) throw new Error('Deleting a measure needs the file store');
      const removeBytes = await db.transaction(async (tx) => {
        const measures = createIndicatorRepo(tx);
        const before = await measures.getMeasure(id);
        if (!before) throw notFound('INTERNATIONALISATION_MEASURE_NOT_FOUND', `No measure with id ${id}`);
        assertCanEdit(ctx, before);
        await measures.deleteMeasure(id);
        const { clusterId, kind, date, description } = before;
        await recordAudit(tx, ctx, {
          action: 'delete',
          entity: 'internationalisation_measure',
          entityId: id,
          before: { clusterId, kind, date, description },
        });
        return removeFilesOf(tx, ctx, store, 'internationalisation_measure', id);
      });
      await removeBytes();
    },
  };
}
export type IndicatorService = ReturnType<typeof createIndicatorService>;
