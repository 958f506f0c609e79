import { z } from 'zod';
import {
  I18nLongTextSchema,
  I18nTextSchema,
  IdSchema,
  LOCALES,
  LocaleSchema,
  multiValue,
  pageSchema,
  PaginationQuerySchema,
  TimestampSchema,
  distinct,
  INT32_MIN,
  int32,
  boundedArray,
  CodeTextSchema,
  boundedText,
  MissingTranslationsSchema,
  EMBEDDED_LIST_MAX,
} from './common.js';
import { SlugSchema } from './clusters.js';
import { ConsultingTopicSchema } from './consulting.js';
import { PublicFileSchema } from './files.js';
import { PartnerCodeSchema } from './partners.js';
import { LocalizedTextSchema, publicListQuerySchema, publicPageSchema } from './public.js';
import { NaceCodeSchema, Ris3CodeSchema } from './taxonomies.js';

/**
 * Publications: the partners' news, studies and reports, guides and results, written in de/pl/en
 * and handed to the networks through the public API and the feeds.
 */
export const PUBLICATION_ERROR_CODES = ['PUBLICATION_NOT_FOUND', 'PUBLICATION_SLUG_TAKEN'] as const;

export const PUBLICATION_KINDS = ['news', 'study', 'guide', 'result', 'event_report'] as const;
export const PublicationKindSchema = z.enum(PUBLICATION_KINDS).meta({ id: 'PublicationKind' });
export type PublicationKind = z.infer<typeof PublicationKindSchema>;

export const PUBLICATION_STATUSES = ['draft', 'published', 'archived'] as const;
export const PublicationStatusSchema = z.enum(PUBLICATION_STATUSES).meta({ id: 'PublicationStatus' });
export type PublicationStatus = z.infer<typeof PublicationStatusSchema>;

/** Every allowed move of the workflow; anything else is refused with INVALID_TRANSITION. */
export const PUBLICATION_TRANSITIONS: Record<PublicationStatus, readonly PublicationStatus[]> = {
  draft: ['published'],
  published: ['archived', 'draft'],
  archived: ['published'],
};

const MARKDOWN_MAX = 50_000;
/**
 * The longest HTML a body renders to: Markdown's marks become tags (`*a*` is `<em>a</em>`, a link
 * gains its `rel`), a few times longer at worst.
 */
const HTML_MAX = 5 * MARKDOWN_MAX;
const markdown = z.string().trim().min(1).max(MARKDOWN_MAX);
/** Markdown per language; rendered to sanitised HTML for readers. */
export const I18nMarkdownSchema = z
  .strictObject({ de: markdown.optional(), pl: markdown.optional(), en: markdown.optional() })
  .meta({ id: 'I18nMarkdown', description: 'Markdown in any of de, pl, en' });
export type I18nMarkdown = z.infer<typeof I18nMarkdownSchema>;

const publicationFields = {
  slug: SlugSchema,
  kind: PublicationKindSchema,
  title: I18nTextSchema,
  summary: I18nLongTextSchema,
  body: I18nMarkdownSchema,
  partner: PartnerCodeSchema.describe('The author partner; its staff edit the publication'),
  sectors: distinct(NaceCodeSchema, 30),
  ris3Areas: distinct(Ris3CodeSchema, 13),
  topics: distinct(ConsultingTopicSchema, 10),
  clusterIds: distinct(IdSchema, 50).describe('Related clusters'),
  fundingCallIds: distinct(IdSchema, 50).describe('Related funding calls'),
};

export const PublicationSchema = z
  .object({
    id: IdSchema,
    ...publicationFields,
    status: PublicationStatusSchema,
    publishedAt: TimestampSchema.nullable().describe('When it was first published'),
    missingTranslations: MissingTranslationsSchema.describe('Languages in which the title, summary or body is missing'),
    version: int32(INT32_MIN),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Publication' });
export type Publication = z.infer<typeof PublicationSchema>;

export const PublicationCreateSchema = z
  .strictObject({
    ...publicationFields,
    slug: SlugSchema.optional().describe('Derived from the title when not given'),
    summary: I18nLongTextSchema.default({}),
    body: I18nMarkdownSchema.default({}),
    sectors: publicationFields.sectors.default([]),
    ris3Areas: publicationFields.ris3Areas.default([]),
    topics: publicationFields.topics.default([]),
    clusterIds: publicationFields.clusterIds.default([]),
    fundingCallIds: publicationFields.fundingCallIds.default([]),
  })
  .meta({ id: 'PublicationCreate' });
export type PublicationCreate = z.input<typeof PublicationCreateSchema>;
export type PublicationCreateData = z.output<typeof PublicationCreateSchema>;

export const PublicationUpdateSchema = z.strictObject(publicationFields).partial().meta({ id: 'PublicationUpdate' });
export type PublicationUpdate = z.infer<typeof PublicationUpdateSchema>;

export const PublicationTransitionSchema = z
  .strictObject({ to: PublicationStatusSchema })
  .meta({ id: 'PublicationTransition', description: 'draft → published → archived; published → draft withdraws it; archived → published' });
export type PublicationTransition = z.infer<typeof PublicationTransitionSchema>;

export const PublicationListQuerySchema = PaginationQuerySchema.extend({
  q: z.string().trim().min(1).max(200).optional().describe('Words in the title, summary or body'),
  kind: multiValue(PublicationKindSchema, 5),
  status: multiValue(PublicationStatusSchema, 3),
  partner: PartnerCodeSchema.optional(),
  sector: multiValue(NaceCodeSchema),
  ris3: multiValue(Ris3CodeSchema),
  topic: multiValue(ConsultingTopicSchema, 10),
  cluster: IdSchema.optional().describe('Publications related to this cluster'),
});
export type PublicationListQuery = z.infer<typeof PublicationListQuerySchema>;

export const PublicationPageSchema = pageSchema(PublicationSchema, 'PublicationPage');
export type PublicationPage = z.infer<typeof PublicationPageSchema>;

export const MarkdownPreviewSchema = z.strictObject({ markdown: z.string().max(MARKDOWN_MAX) }).meta({ id: 'MarkdownPreview' });
export const RenderedHtmlSchema = z.object({ html: boundedText(HTML_MAX) }).meta({ id: 'RenderedHtml' });

// ---- public

/** The body as HTML, with the language it came in: longer than a short text (`LocalizedText`). */
const LocalizedHtmlSchema = z
  .object({ text: boundedText(HTML_MAX), lang: LocaleSchema.describe('The language the text is in') })
  .meta({ id: 'LocalizedHtml' });

export const PublicPublicationSchema = z
  .object({
    slug: SlugSchema,
    kind: PublicationKindSchema,
    title: LocalizedTextSchema,
    summary: LocalizedTextSchema.nullable(),
    bodyHtml: LocalizedHtmlSchema.nullable().describe('The body as sanitised HTML'),
    partner: PartnerCodeSchema,
    publishedAt: TimestampSchema,
    sectors: boundedArray(CodeTextSchema, 30),
    ris3Areas: boundedArray(CodeTextSchema, 13),
    topics: boundedArray(ConsultingTopicSchema, 10),
    attachments: boundedArray(PublicFileSchema, EMBEDDED_LIST_MAX),
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'PublicPublication' });
export type PublicPublication = z.infer<typeof PublicPublicationSchema>;

export const PublicPublicationListQuerySchema = publicListQuerySchema({
  q: z.string().trim().min(1).max(200).optional(),
  kind: multiValue(PublicationKindSchema, 5),
  sector: multiValue(NaceCodeSchema),
  ris3: multiValue(Ris3CodeSchema),
  topic: multiValue(ConsultingTopicSchema, 10),
});
export type PublicPublicationListQuery = z.infer<typeof PublicPublicationListQuerySchema>;

export const PublicPublicationPageSchema = publicPageSchema(PublicPublicationSchema, 'PublicPublicationPage');
export type PublicPublicationPage = z.infer<typeof PublicPublicationPageSchema>;

export const FeedParamsSchema = z.strictObject({ lang: LocaleSchema });

/** Languages in which a publication lacks its title, summary or body. */
export function publicationMissingTranslations(p: { title: I18nTextLike; summary: I18nTextLike; body: I18nTextLike }) {
  return LOCALES.filter((l) => !p.title[l] || !p.summary[l] || !p.body[l]);
}
type I18nTextLike = Partial<Record<(typeof LOCALES)[number], string>>;
