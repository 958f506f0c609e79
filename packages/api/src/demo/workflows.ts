import { randomBytes } from 'node:crypto';
import {
  ConsultingRequestIntakeSchema,
  DialogueEventCreateSchema,
  EvaluationCreateSchema,
  localDay,
  MatchCreateSchema,
  ProfileCreateSchema,
  type Answers,
  type Locale,
  type PartnerCode,
  type Role,
} from '@euregionet/shared';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { SYSTEM_CONTEXT, type RequestContext } from '../modules/auth/actor.js';
import { createConsultingService } from '../modules/consulting/consulting.service.js';
import { createDialogueEventService } from '../modules/dialogue-events/dialogue-events.service.js';
import { DEFAULT_DIMENSIONS } from '../modules/evaluations/default-framework.js';
import { createEvaluationService } from '../modules/evaluations/evaluations.service.js';
import { ensureDefaultFramework } from '../modules/evaluations/frameworks.service.js';
import { createIndicatorService } from '../modules/indicators/indicators.service.js';
import { createMatchmakingService } from '../modules/matchmaking/matchmaking.service.js';
import { createUserRepo } from '../modules/users/users.repo.js';
import { createUserService, INITIAL_ADMIN_EMAIL } from '../modules/users/users.service.js';
import { clockAgo, shiftDay } from './days.js';
import type { DemoRefs } from './load.js';
import {
  DEMO_CURRENT_EVENTS,
  DEMO_CURRENT_MEASURES,
  DEMO_EVALUATIONS,
  DEMO_MATCHES,
  DEMO_PROFILES,
  DEMO_REQUESTS,
  DEMO_STAFF,
  type DemoEvaluation,
} from './workflow-data.js';

export interface DemoWorkflowCounts {
  staff: number;
  evaluations: number;
  consultingRequests: number;
  profiles: number;
  matches: number;
  currentEvents: number;
  currentMeasures: number;
}

interface StaffUser {
  id: string;
  email: string;
  name: string;
  partner: PartnerCode;
  role: Role;
  language: Locale;
}

const contextOf = (user: StaffUser): RequestContext => ({
  actor: { kind: 'user', ...user, sessionHash: '' },
  requestId: 'demo',
  ip: '127.0.0.1',
});

/**
 * The demo's staff, found again by e-mail on a reload. They get a random password that is
 * neither stored in clear nor shown anywhere: nobody can sign in as them until an administrator
 * sets a password for one of them.
 */
async function demoStaff(tx: Db, session: Config['session']): Promise<Map<string, StaffUser>> {
  const users = createUserService(tx, session);
  const staff = new Map<string, StaffUser>();
  for (const { key, ...person } of DEMO_STAFF) {
    const existing = await createUserRepo(tx).byEmail(person.email);
    const user = existing ?? (await users.create(SYSTEM_CONTEXT, { ...person, password: randomBytes(32).toString('base64url') }));
    staff.set(key, { id: user.id, email: person.email, name: user.name, partner: user.partner, role: user.role, language: user.language });
  }
  return staff;
}

/** Scores of every criterion of the shipped framework around the evaluation's level (0–4). */
function answersOf(e: DemoEvaluation): Answers {
  const answers: Answers = {};
  DEFAULT_DIMENSIONS.forEach((dimension, d) => {
    dimension.criteria.forEach((criterion, i) => {
      // A draft is scored half-way: the evaluator is still at it.
      const unscored = e.status === 'draft' && i % 2 === 1;
      const score = Math.max(0, Math.min(4, e.level + (e.spread[d % e.spread.length] ?? 0) + (i % 3 === 2 ? -1 : 0)));
      answers[criterion.key] = {
        score: unscored ? null : score,
        evidence: unscored
          ? ''
          : e.language === 'pl'
            ? 'Rozmowa z zarządem klastra i dokumenty.'
            : 'Gespräch mit dem Clustermanagement, Unterlagen.',
        indicatorValue: null,
      };
    });
  });
  return answers;
}

/**
 * The product at work on the demo directory, each step done through the module's service by
 * the staff member who would do it, at the time it would have happened (relative to the clock's
 * today). Requests and drafts go to the first administrator when that account exists, so that
 * their home page shows due and overdue work.
 */
export async function loadDemoWorkflows(
  tx: Db,
  refs: DemoRefs,
  options: { clock: Clock; config: Pick<Config, 'admin' | 'consulting' | 'session'> },
): Promise<DemoWorkflowCounts> {
  const { clock, config } = options;
  const today = localDay(clock.now());
  const ref = (map: Map<string, string>, key: string, what: string) => {
    const id = map.get(key);
    if (!id) throw new Error(`demo data: unknown ${what} ${key}`);
    return id;
  };
  const cluster = (slug: string) => ref(refs.clusterIds, slug, 'cluster');
  const organisation = (key: string) => ref(refs.organisationIds, key, 'organisation');

  const staff = await demoStaff(tx, config.session);
  const person = (key: string) => {
    const user = staff.get(key);
    if (!user) throw new Error(`demo data: unknown staff member ${key}`);
    return user;
  };
  const adminRow = await createUserRepo(tx).byEmail(config.admin.email ?? INITIAL_ADMIN_EMAIL);
  const admin: StaffUser | undefined =
    adminRow && adminRow.status === 'active' && adminRow.role === 'admin'
      ? {
          id: adminRow.id,
          email: adminRow.email,
          name: adminRow.name,
          partner: adminRow.partner,
          role: adminRow.role,
          language: adminRow.language,
        }
      : undefined;
  const reviewer = contextOf(person('coordinator'));

  // ---- evaluations
  await ensureDefaultFramework(tx, SYSTEM_CONTEXT);
  for (const e of DEMO_EVALUATIONS) {
    const author = contextOf(person(e.author));
    const at = (hoursLater: number) => createEvaluationService(tx, { clock: clockAgo(clock, e.daysAgo, -hoursLater) });
    const day = shiftDay(today, -e.daysAgo);
    const input = EvaluationCreateSchema.parse({
      clusterId: cluster(e.cluster),
      ...(e.evaluator === 'admin' && admin ? { evaluatorId: admin.id } : {}),
      evaluatedOn: day,
      language: e.language,
      answers: answersOf(e),
      strengths: e.strengths,
      weaknesses: e.weaknesses,
      recommendations: e.recommendations.map((r) => ({ text: r.text, owner: r.owner, dueDate: shiftDay(day, r.dueInDays) })),
    });
    let evaluation = await at(0).create(author, input);
    if (e.status === 'draft') continue;
    evaluation = await at(2).transition(author, evaluation.id, evaluation.version, 'submit');
    if (e.status === 'approved') {
      // Reviewed a week later (or the next morning, for a recent one).
      await createEvaluationService(tx, { clock: clockAgo(clock, Math.max(0, e.daysAgo - 7), e.daysAgo > 7 ? 0 : -18) }).transition(
        reviewer,
        evaluation.id,
        evaluation.version,
        'approve',
      );
    } else if (e.status === 'returned') {
      await at(26).transition(reviewer, evaluation.id, evaluation.version, 'return', e.returnReason);
    }
  }

  // ---- consulting requests
  // Received three hours before the time of day of now, so that today's requests are handled by now.
  const consultingAt = (daysAgo: number, hoursLater: number) =>
    createConsultingService(tx, { ...config.consulting, clock: clockAgo(clock, daysAgo, 3 - hoursLater) });
  for (const r of DEMO_REQUESTS) {
    const receiver = [...staff.values()].find((s) => s.partner === r.partner && s.role === 'consultant')!;
    const input = ConsultingRequestIntakeSchema.parse({
      requesterName: r.requester.name,
      requesterEmail: r.requester.email,
      ...(r.requester.organisation ? { organisationName: r.requester.organisation } : {}),
      ...(r.requester.organisationKey ? { organisationId: organisation(r.requester.organisationKey) } : {}),
      country: r.country,
      language: r.language,
      topic: r.topic,
      message: r.message,
      consent: true,
      consentTextVersion: '2026-01',
    });
    const { id } = await consultingAt(r.daysAgo, 0).intake(contextOf(receiver), input, { kind: 'staff', partner: r.partner });
    if (!r.assignee) continue;
    const assignee = r.assignee === 'admin' ? (admin ?? person(r.partner.toLowerCase())) : person(r.assignee);
    // Assigned within the first hours, by the coordinator who shares out the work.
    let request = await consultingAt(r.daysAgo, 1).assign(reviewer, id!, { partner: assignee.partner, assigneeId: assignee.id });
    let hours = 2;
    for (const step of r.steps) {
      const service = consultingAt(r.daysAgo, hours);
      hours += r.daysAgo > 1 ? 20 : 2;
      request =
        'reply' in step
          ? await service.comment(contextOf(assignee), request.id, { kind: 'reply', body: step.reply })
          : await service.transition(contextOf(assignee), request.id, step);
    }
  }

  // ---- cooperation profiles and matches
  const profileIds = new Map<string, string>();
  for (const p of DEMO_PROFILES) {
    const owner = p.owner.kind === 'cluster' ? cluster(p.owner.key) : organisation(p.owner.key);
    const matchmaking = createMatchmakingService(tx, { clock: clockAgo(clock, 60) });
    const input = ProfileCreateSchema.parse({
      kind: p.kind,
      type: p.type,
      ownerKind: p.owner.kind,
      ownerId: owner,
      title: p.title,
      description: p.description,
      keywords: p.keywords,
      sectors: p.sectors,
      ris3Areas: p.ris3Areas,
      targetCountries: p.targetCountries,
      validUntil: p.validForDays === null ? null : shiftDay(today, p.validForDays),
      status: p.status,
      partner: p.partner,
    });
    const created = await matchmaking.createProfile(SYSTEM_CONTEXT, input);
    profileIds.set(p.key, created.id);
  }
  const party = (p: { kind: 'profile' | 'organisation' | 'cluster'; key: string }) => ({
    kind: p.kind,
    id: p.kind === 'profile' ? ref(profileIds, p.key, 'profile') : p.kind === 'cluster' ? cluster(p.key) : organisation(p.key),
  });
  for (const m of DEMO_MATCHES) {
    const by = contextOf(person(m.by));
    const stepDays = Math.max(1, Math.floor(m.daysAgo / (m.stages.length + 1)));
    const at = (step: number) => createMatchmakingService(tx, { clock: clockAgo(clock, m.daysAgo - step * stepDays) });
    const input = MatchCreateSchema.parse({ parties: [party(m.a), party(m.b)], note: m.note, score: m.score });
    let match = await at(0).proposeMatch(by, input);
    for (const [i, to] of m.stages.entries()) {
      match = await at(i + 1).moveMatch(by, match.id, match.version, to === 'declined' ? { to, reason: m.declineReason! } : { to });
    }
    if (m.outcomes) await at(m.stages.length).updateMatch(by, match.id, match.version, { outcomes: m.outcomes });
  }

  // ---- the cluster dialogue around today, and recent measures
  const events = createDialogueEventService(tx);
  for (const { inDays, clusters, organisations, ...event } of DEMO_CURRENT_EVENTS) {
    const input = DialogueEventCreateSchema.parse({
      ...event,
      date: shiftDay(today, inDays),
      clusterIds: clusters.map(cluster),
      organisationIds: organisations.map(organisation),
    });
    await events.create(SYSTEM_CONTEXT, input);
  }
  const indicators = createIndicatorService(tx, { clock });
  for (const m of DEMO_CURRENT_MEASURES) {
    await indicators.createMeasure(SYSTEM_CONTEXT, {
      clusterId: cluster(m.cluster),
      kind: m.kind,
      date: shiftDay(today, -m.daysAgo),
      description: m.description,
    });
  }

  return {
    staff: DEMO_STAFF.length,
    evaluations: DEMO_EVALUATIONS.length,
    consultingRequests: DEMO_REQUESTS.length,
    profiles: DEMO_PROFILES.length,
    matches: DEMO_MATCHES.length,
    currentEvents: DEMO_CURRENT_EVENTS.length,
    currentMeasures: DEMO_CURRENT_MEASURES.length,
  };
}
