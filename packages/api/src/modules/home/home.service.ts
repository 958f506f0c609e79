import {
  HOME_FUNDING_DAYS,
  HOME_LIMIT,
  INDICATOR_TARGETS,
  MANAGERS,
  PAGE_LIMIT_MAX,
  type ConsultingRequest,
  type EvaluationStatus,
  type EvaluationSummary,
  type Home,
} from '@euregionet/shared';
import { todayOn, type Clock } from '../../clock.js';
import type { RequestContext } from '../auth/actor.js';
import type { ConsultingService } from '../consulting/consulting.service.js';
import type { createDialogueEventService } from '../dialogue-events/dialogue-events.service.js';
import type { createEvaluationService } from '../evaluations/evaluations.service.js';
import type { createFundingCallService } from '../funding-calls/funding-calls.service.js';
import type { createIndicatorService } from '../indicators/indicators.service.js';

export interface HomeSources {
  consulting: ConsultingService;
  evaluations: ReturnType<typeof createEvaluationService>;
  fundingCalls: ReturnType<typeof createFundingCallService>;
  events: ReturnType<typeof createDialogueEventService>;
  indicators: ReturnType<typeof createIndicatorService>;
  clock: Clock;
}

/** Reads every page of a cursor-paginated list; the lists read here are short (open work, the weeks ahead). */
async function all<T>(load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, pages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < pages; i++) {
    const page = await load(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/**
 * Overdue first, then those still awaiting their first answer by first-response day, then the
 * answered ones: their first-response day is met and says nothing about what comes next.
 */
const awaitingAnswer = (r: ConsultingRequest) => r.firstRespondedAt === null;
const byUrgency = (a: ConsultingRequest, b: ConsultingRequest) =>
  Number(b.overdue) - Number(a.overdue) ||
  Number(awaitingAnswer(b)) - Number(awaitingAnswer(a)) ||
  (awaitingAnswer(a) ? a.firstResponseDueOn.localeCompare(b.firstResponseDueOn) : 0) ||
  a.createdAt.localeCompare(b.createdAt);

/**
 * The home page of the signed-in person. Each part asks the module that owns it, with the
 * person's own context, so that it shows exactly what the module's list would show them.
 */
export function createHomeService(sources: HomeSources) {
  const today = todayOn(sources.clock);

  async function consulting(ctx: RequestContext): Promise<Home['consulting']> {
    const actor = ctx.actor?.kind === 'user' ? ctx.actor : null;
    // Consultants handle what is assigned to them; managers steer everything; a viewer follows the partner's.
    const scope = actor?.role === 'consultant' ? 'assigned' : actor && MANAGERS.includes(actor.role) ? 'all' : 'partner';
    const open = await all((cursor) =>
      sources.consulting.list(ctx, {
        open: true,
        limit: PAGE_LIMIT_MAX,
        ...(scope === 'assigned' ? { assignee: 'me' as const } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    );
    open.sort(byUrgency);
    return {
      scope,
      open: open.length,
      overdue: open.filter((r) => r.overdue).length,
      items: open.slice(0, HOME_LIMIT),
    };
  }

  async function evaluationsWith(status: EvaluationStatus): Promise<EvaluationSummary[]> {
    return all((cursor) => sources.evaluations.list({ status, limit: PAGE_LIMIT_MAX, ...(cursor ? { cursor } : {}) }));
  }

  async function evaluations(ctx: RequestContext): Promise<Home['evaluations']> {
    const actor = ctx.actor?.kind === 'user' ? ctx.actor : null;
    if (!actor) return { toReview: [], drafts: [] };
    // Only managers approve or return, and never an evaluation they scored themselves (four eyes).
    const toReview = MANAGERS.includes(actor.role) ? (await evaluationsWith('submitted')).filter((e) => e.evaluatorId !== actor.id) : [];
    const drafts = [...(await evaluationsWith('returned')), ...(await evaluationsWith('draft'))].filter((e) => e.evaluatorId === actor.id);
    const oldestFirst = (a: EvaluationSummary, b: EvaluationSummary) => a.updatedAt.localeCompare(b.updatedAt);
    return { toReview: toReview.sort(oldestFirst).slice(0, HOME_LIMIT), drafts: drafts.slice(0, HOME_LIMIT) };
  }

  async function events(): Promise<Home['events']> {
    const upcoming = await all((cursor) => sources.events.list({ from: today(), limit: PAGE_LIMIT_MAX, ...(cursor ? { cursor } : {}) }), 5);
    return upcoming
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
      .slice(0, HOME_LIMIT)
      .map((e) => ({ id: e.id, title: e.title, date: e.date, endDate: e.endDate, place: e.place, organisingPartner: e.organisingPartner }));
  }

  async function targets(): Promise<Home['targets']> {
    const { figures } = await sources.indicators.dashboard({ lang: 'en' });
    return figures.flatMap((f) => {
      const target = INDICATOR_TARGETS[f.key];
      return target === undefined ? [] : [{ key: f.key, value: f.value, target }];
    });
  }

  return {
    async get(ctx: RequestContext): Promise<Home> {
      // One after the other: the embedded database answers one query at a time anyway.
      const consultingPart = await consulting(ctx);
      const evaluationPart = await evaluations(ctx);
      const reminders = await sources.fundingCalls.reminders(ctx, HOME_FUNDING_DAYS);
      return {
        today: today(),
        consulting: consultingPart,
        evaluations: evaluationPart,
        fundingCalls: reminders.items.slice(0, HOME_LIMIT),
        events: await events(),
        targets: await targets(),
      };
    },
  };
}
