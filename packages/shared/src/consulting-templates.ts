import { z } from 'zod';
import { canEdit, type StaffIdentity } from './access.js';
import {
  IdSchema,
  I18nTextSchema,
  LOCALES,
  LocaleSchema,
  versionedRecordFields,
  boundedArray,
  boundedText,
  EMBEDDED_LIST_MAX,
  listSchema,
} from './common.js';
import { ConsultingTopicSchema } from './consulting.js';
import { PartnerCodeSchema, type PartnerCode } from './partners.js';

export const ANSWER_TEMPLATE_ERROR_CODES = ['ANSWER_TEMPLATE_NOT_FOUND'] as const;

/**
 * What a template may say in double braces: `{{name}}` the requester's name, `{{reference}}`
 * the request's reference, `{{dueDate}}` its first-response day, `{{fundingCalls}}` the chosen
 * funding calls (one line each, with their web page), `{{partnerSuggestions}}` the chosen
 * matches (the suggested partner, one line each). Anything else in double braces is refused
 * (`unknown_placeholder`), so that a typo never reaches a requester as `{{nmae}}`.
 */
export const TEMPLATE_PLACEHOLDERS = ['name', 'reference', 'dueDate', 'fundingCalls', 'partnerSuggestions'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders of a text that are not known, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((p) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(p));
}

/** Fills a template's text; every placeholder is known (the schema refused the others). */
export function renderTemplate(text: string, values: Record<TemplatePlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (whole, p: string) => values[p as TemplatePlaceholder] ?? whole);
}

/**
 * Who keeps a partner's consulting setup (its answer templates, Reply-To mailbox and delays):
 * administrators every partner's, coordinators their own partner's.
 */
export function canKeepPartnerConsulting(user: StaffIdentity, partner: PartnerCode): boolean {
  return user.role === 'admin' || (user.role === 'coordinator' && user.partner === partner);
}

/** Who may write a partner's templates. */
export const canEditAnswerTemplate = canKeepPartnerConsulting;

/** Who may use templates to write a reply: whoever may reply to requesters. */
export const canUseAnswerTemplates = canEdit;

const templateText = z.string().trim().min(1).max(5000);
const AnswerTemplateBodySchema = z
  .strictObject({ de: templateText.optional(), pl: templateText.optional(), en: templateText.optional() })
  .superRefine((value, ctx) => {
    if (!LOCALES.some((l) => value[l] !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Write the template in at least one language', params: { code: 'I18N_TEXT_EMPTY' } });
    }
    for (const lang of LOCALES) {
      const unknown = unknownPlaceholders(value[lang] ?? '');
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          path: [lang],
          message: `Unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(', ')}; known: ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
          params: { code: 'unknown_placeholder' },
        });
      }
    }
  })
  .meta({ id: 'AnswerTemplateBody', description: 'The template’s text per language, with placeholders in double braces' });

export const AnswerTemplateSchema = z
  .object({
    id: IdSchema,
    partner: PartnerCodeSchema.describe('The partner whose coordinators keep it; every partner’s staff may use it'),
    topic: ConsultingTopicSchema,
    title: I18nTextSchema,
    body: AnswerTemplateBodySchema,
    ...versionedRecordFields,
  })
  .meta({ id: 'AnswerTemplate' });
export type AnswerTemplate = z.infer<typeof AnswerTemplateSchema>;

export const AnswerTemplateCreateSchema = z
  .strictObject({
    partner: PartnerCodeSchema.optional().describe('Default: the coordinator’s own partner'),
    topic: ConsultingTopicSchema,
    title: I18nTextSchema,
    body: AnswerTemplateBodySchema,
  })
  .meta({ id: 'AnswerTemplateCreate' });
export type AnswerTemplateCreate = z.input<typeof AnswerTemplateCreateSchema>;

export const AnswerTemplateUpdateSchema = AnswerTemplateCreateSchema.omit({ partner: true }).partial().meta({ id: 'AnswerTemplateUpdate' });
export type AnswerTemplateUpdate = z.infer<typeof AnswerTemplateUpdateSchema>;

export const AnswerTemplateListQuerySchema = z.strictObject({
  topic: ConsultingTopicSchema.optional(),
  partner: PartnerCodeSchema.optional(),
});
export type AnswerTemplateListQuery = z.infer<typeof AnswerTemplateListQuerySchema>;

/** Templates are few (a handful per partner and topic): the list comes whole, by topic and title. */
export const AnswerTemplateListSchema = listSchema(AnswerTemplateSchema, EMBEDDED_LIST_MAX, 'AnswerTemplateList');
export type AnswerTemplateList = z.infer<typeof AnswerTemplateListSchema>;

export const AnswerDraftRequestSchema = z
  .strictObject({
    templateId: IdSchema,
    fundingCallIds: boundedArray(IdSchema, 10).default([]).describe('Funding calls for `{{fundingCalls}}`'),
    matchIds: boundedArray(IdSchema, 10).default([]).describe('Matches for `{{partnerSuggestions}}`'),
  })
  .meta({ id: 'AnswerDraftRequest' });
export type AnswerDraftRequest = z.input<typeof AnswerDraftRequestSchema>;

export const AnswerDraftSchema = z
  .object({
    templateId: IdSchema,
    requesterLanguage: LocaleSchema,
    texts: z
      .partialRecord(LocaleSchema, boundedText(20_000))
      .describe('The template filled in for this request, in each language it is written in'),
  })
  .meta({ id: 'AnswerDraft' });
export type AnswerDraft = z.infer<typeof AnswerDraftSchema>;
