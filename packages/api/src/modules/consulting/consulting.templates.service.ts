import {
  canEditAnswerTemplate,
  LOCALES,
  pickLocalized,
  renderTemplate,
  type AnswerDraft,
  type AnswerDraftRequest,
  type AnswerTemplate,
  type AnswerTemplateCreate,
  type AnswerTemplateList,
  type AnswerTemplateListQuery,
  type AnswerTemplateUpdate,
  type ConsultingRequestDetail,
  type FundingCall,
  type Locale,
  type Match,
  type PartnerCode,
} from '@euregionet/shared';
import { systemClock, type Clock } from '../../clock.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { RequestContext } from '../auth/actor.js';
import { auditedUpdate, recordAudit } from '../audit/audit.repo.js';
import { formatDay } from '../outbox/mail-text.js';
import { linkedRecords } from './consulting.links.js';
import type { ConsultingService } from './consulting.service.js';
import { createTemplateRepo } from './consulting.templates.repo.js';

const templateNotFound = (id: string) => notFound('ANSWER_TEMPLATE_NOT_FOUND', `No answer template with id ${id}`);

/** Administrators write every partner's templates, coordinators their own partner's. */
function assertCanEditTemplate(ctx: RequestContext, partner: PartnerCode) {
  const actor = ctx.actor;
  if (actor === null) return;
  if (actor.kind === 'user' && canEditAnswerTemplate(actor, partner)) return;
  throw new AppError(403, 'FORBIDDEN', `Only a coordinator of ${partner} or an administrator may change its answer templates`);
}

const CLOSES: Record<Locale, string> = { de: 'Frist', pl: 'termin', en: 'closes' };

/** One line per call: its title in the language, the last day to apply, and its web page. */
function fundingCallLines(calls: readonly FundingCall[], lang: Locale): string {
  return calls
    .map((c) => {
      const title = pickLocalized(c.title, lang)?.text ?? c.slug;
      const closes = c.closesOn ? ` (${CLOSES[lang]} ${formatDay(c.closesOn, lang)})` : '';
      return `- ${title}${closes}${c.url ? `: ${c.url}` : ''}`;
    })
    .join('\n');
}

/**
 * One line per match: the suggested partner, that is the party that is not the requester's own
 * organisation or cluster (both parties when neither is theirs), with its countries.
 */
function partnerLines(matches: readonly Match[], request: ConsultingRequestDetail, lang: Locale): string {
  const own = new Set([request.organisationId, request.clusterId].filter((id) => id !== null));
  return matches
    .flatMap((m) => {
      const others = m.parties.filter((p) => !own.has(p.id));
      return (others.length === 2 || others.length === 0 ? m.parties : others).map(
        (p) => `- ${pickLocalized(p.name, lang)?.text ?? p.id} (${p.countries.join(', ')})`,
      );
    })
    .join('\n');
}

/** Answer templates: kept per partner and topic by coordinators, filled in for a request by staff. */
export function createTemplateService(db: Db, consulting: ConsultingService, options: { clock?: Clock } = {}) {
  const clock = options.clock ?? systemClock;

  return {
    async list(query: AnswerTemplateListQuery): Promise<AnswerTemplateList> {
      return { items: await createTemplateRepo(db).list(query) };
    },

    async get(id: string): Promise<AnswerTemplate> {
      const template = await createTemplateRepo(db).get(id);
      if (!template) throw templateNotFound(id);
      return template;
    },

    async create(ctx: RequestContext, input: AnswerTemplateCreate): Promise<AnswerTemplate> {
      const partner = input.partner ?? (ctx.actor?.kind === 'user' ? ctx.actor.partner : undefined);
      if (!partner) throw new AppError(400, 'VALIDATION_FAILED', 'Name the partner of the template');
      assertCanEditTemplate(ctx, partner);
      return db.transaction(async (tx) => {
        const created = await createTemplateRepo(tx).insert(
          { partner, topic: input.topic, title: input.title, body: input.body },
          clock.now(),
        );
        const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...after } = created;
        await recordAudit(tx, ctx, { action: 'create', entity: 'answer_template', entityId: created.id, after });
        return created;
      });
    },

    async update(ctx: RequestContext, id: string, expectedVersion: number, patch: AnswerTemplateUpdate): Promise<AnswerTemplate> {
      return db.transaction(async (tx) => {
        const repo = createTemplateRepo(tx);
        const before = await repo.get(id);
        if (!before) throw templateNotFound(id);
        assertCanEditTemplate(ctx, before.partner);
        return auditedUpdate(tx, ctx, {
          entity: 'answer_template',
          what: 'template',
          id,
          before,
          write: () => repo.update(id, expectedVersion, patch),
          read: async () => (await repo.get(id))!,
          audited: ({ partner, topic, title, body }) => ({ partner, topic, title, body }),
        });
      });
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const repo = createTemplateRepo(tx);
        const before = await repo.get(id);
        if (!before) throw templateNotFound(id);
        assertCanEditTemplate(ctx, before.partner);
        await repo.delete(id);
        const { partner, topic, title, body } = before;
        await recordAudit(tx, ctx, { action: 'delete', entity: 'answer_template', entityId: id, before: { partner, topic, title, body } });
      });
    },

    /**
     * The template filled in for one request, in every language it is written in: the consultant
     * edits their language's text and may send the requester's alongside. Nothing is stored.
     */
    async draft(ctx: RequestContext, requestId: string, input: AnswerDraftRequest): Promise<AnswerDraft> {
      const request = await consulting.get(ctx, requestId);
      const template = await createTemplateRepo(db).get(input.templateId);
      if (!template) throw templateNotFound(input.templateId);
      if (!request.requesterName) {
        throw new AppError(409, 'REQUEST_ANONYMISED', 'The requester’s data has been erased: there is no one to reply to');
      }
      const calls = await linkedRecords.fundingCalls(db, input.fundingCallIds ?? []);
      const matches = await linkedRecords.matches(db, input.matchIds ?? []);
      const texts: AnswerDraft['texts'] = {};
      for (const lang of LOCALES) {
        const text = template.body[lang];
        if (!text) continue;
        texts[lang] = renderTemplate(text, {
          name: request.requesterName,
          reference: request.reference,
          dueDate: formatDay(request.firstResponseDueOn, lang),
          fundingCalls: fundingCallLines(calls, lang),
          partnerSuggestions: partnerLines(matches, request, lang),
        });
      }
      return { templateId: template.id, requesterLanguage: request.language, texts };
    },
  };
}
