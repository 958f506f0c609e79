import { and, asc, eq, sql } from 'drizzle-orm';
import type { AnswerTemplate, AnswerTemplateListQuery, AnswerTemplateUpdate, ConsultingTopic, PartnerCode } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { updateVersioned } from '../../db/versioned.js';
import {
  consultingAnswerTemplatesTable as templates,
  consultingRequestFundingCallsTable as sentCalls,
  consultingRequestMatchesTable as sentMatches,
} from './consulting.table.js';

type Row = typeof templates.$inferSelect;

const toTemplate = (r: Row): AnswerTemplate => ({
  id: r.id,
  partner: r.partner,
  topic: r.topic,
  title: r.title,
  body: r.body,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Answer templates, and what replies sent to requesters linked to. */
export function createTemplateRepo(db: Db) {
  return {
    async list(query: AnswerTemplateListQuery): Promise<AnswerTemplate[]> {
      const rows = await db
        .select()
        .from(templates)
        .where(
          and(query.topic ? eq(templates.topic, query.topic) : undefined, query.partner ? eq(templates.partner, query.partner) : undefined),
        )
        // The title in the first language it has, as people read the list.
        .orderBy(
          asc(templates.topic),
          sql`coalesce(${templates.title}->>'de', ${templates.title}->>'pl', ${templates.title}->>'en')`,
          asc(templates.id),
        );
      return rows.map(toTemplate);
    },

    async get(id: string): Promise<AnswerTemplate | undefined> {
      const [row] = await db.select().from(templates).where(eq(templates.id, id));
      return row ? toTemplate(row) : undefined;
    },

    async insert(
      values: { partner: PartnerCode; topic: ConsultingTopic; title: AnswerTemplate['title']; body: AnswerTemplate['body'] },
      now: Date,
    ) {
      const [row] = await db
        .insert(templates)
        .values({ ...values, createdAt: now, updatedAt: now })
        .returning();
      return toTemplate(row!);
    },

    update: (id: string, version: number, patch: AnswerTemplateUpdate) => updateVersioned(db, templates, id, version, patch),

    delete: (id: string) => db.delete(templates).where(eq(templates.id, id)),

    /** Records the funding calls and matches a reply sent; each once per request. */
    async link(requestId: string, sent: { fundingCallIds: readonly string[]; matchIds: readonly string[] }, at: Date) {
      if (sent.fundingCallIds.length) {
        await db
          .insert(sentCalls)
          .values(sent.fundingCallIds.map((fundingCallId) => ({ requestId, fundingCallId, at })))
          .onConflictDoNothing();
      }
      if (sent.matchIds.length) {
        await db
          .insert(sentMatches)
          .values(sent.matchIds.map((matchId) => ({ requestId, matchId, at })))
          .onConflictDoNothing();
      }
    },

    async linked(requestId: string): Promise<{ fundingCallIds: string[]; matchIds: string[] }> {
      const calls = await db
        .select({ id: sentCalls.fundingCallId })
        .from(sentCalls)
        .where(eq(sentCalls.requestId, requestId))
        .orderBy(asc(sentCalls.at), asc(sentCalls.fundingCallId));
      const matches = await db
        .select({ id: sentMatches.matchId })
        .from(sentMatches)
        .where(eq(sentMatches.requestId, requestId))
        .orderBy(asc(sentMatches.at), asc(sentMatches.matchId));
      return { fundingCallIds: calls.map((c) => c.id), matchIds: matches.map((m) => m.id) };
    },
  };
}
