import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Country, Profile, ProfileListQuery } from '@euregionet/shared';
import type { Db } from '../../db/client.js';
import { keysetPage, newestFirst, type Page } from '../../db/cursor.js';
import { textArray } from '../../db/sql.js';
import { cooperationProfilesTable } from './matchmaking.table.js';
import { updateVersioned } from '../../db/versioned.js';

type ProfileRow = typeof cooperationProfilesTable.$inferSelect & { ownerName: string | null; ownerCountries: Country[] | null };
export type ProfileInsert = Omit<typeof cooperationProfilesTable.$inferInsert, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export function toProfile(row: ProfileRow, today: string): Profile {
  return {
    id: row.id,
    kind: row.kind,
    type: row.type,
    ownerKind: row.organisationId ? 'organisation' : 'cluster',
    ownerId: (row.organisationId ?? row.clusterId)!,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    sectors: row.sectors,
    ris3Areas: row.ris3Areas,
    targetCountries: row.targetCountries,
    validUntil: row.validUntil,
    status: row.status,
    partner: row.partner,
    ownerName: row.ownerName ?? '',
    ownerCountries: row.ownerCountries ?? [],
    expired: row.validUntil !== null && row.validUntil < today,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const profileColumns = getTableColumns(cooperationProfilesTable);
const ownerName = sql<string | null>`(SELECT coalesce(
    (SELECT o.name FROM organisations o WHERE o.id = ${cooperationProfilesTable.organisationId}),
    (SELECT coalesce(c.name->>'de', c.name->>'pl', c.name->>'en') FROM clusters c WHERE c.id = ${cooperationProfilesTable.clusterId})))`;
const ownerCountries = sql<Country[] | null>`(SELECT coalesce(
    (SELECT ARRAY[o.country] FROM organisations o WHERE o.id = ${cooperationProfilesTable.organisationId}),
    (SELECT c.countries FROM clusters c WHERE c.id = ${cooperationProfilesTable.clusterId})))`;

/** Profiles by latest change: (updatedAt, id), newest first. */

export function createProfileRepo(db: Db) {
  const selection = { ...profileColumns, ownerName: ownerName.as('owner_name'), ownerCountries: ownerCountries.as('owner_countries') };
  const select = () => db.select(selection).from(cooperationProfilesTable);
  const t = cooperationProfilesTable;
  return {
    async get(id: string): Promise<ProfileRow | null> {
      const [row] = await select().where(eq(t.id, id));
      return row ?? null;
    },
    async insert(values: ProfileInsert): Promise<string> {
      const [row] = await db.insert(t).values(values).returning({ id: t.id });
      return row!.id;
    },
    update: (id: string, expectedVersion: number, values: Partial<ProfileInsert>) => updateVersioned(db, t, id, expectedVersion, values),
    async delete(id: string): Promise<void> {
      await db.delete(t).where(eq(t.id, id));
    },
    /** Newest change first, by keyset. */
    async list(query: ProfileListQuery, today: string): Promise<Page<ProfileRow>> {
      const where: SQL[] = [];
      if (query.kind) where.push(eq(t.kind, query.kind));
      if (query.type?.length) where.push(sql`${t.type} = ANY(${textArray(query.type)})`);
      if (query.status?.length) where.push(sql`${t.status} = ANY(${textArray(query.status)})`);
      if (query.ownerId) where.push(sql`(${t.organisationId} = ${query.ownerId} OR ${t.clusterId} = ${query.ownerId})`);
      if (query.active === true)
        where.push(sql`${t.status} = 'published' AND (${t.validUntil} IS NULL OR ${t.validUntil} >= ${today}::date)`);
      if (query.active === false)
        where.push(sql`NOT (${t.status} = 'published' AND (${t.validUntil} IS NULL OR ${t.validUntil} >= ${today}::date))`);
      const order = newestFirst(t.updatedAt, t.id, query.cursor);
      if (order.after) where.push(order.after);
      return keysetPage(
        query.limit,
        (rowLimit) =>
          db
            .select({ ...selection, at: order.micros })
            .from(t)
            .where(where.length ? and(...where) : undefined)
            .orderBy(...order.orderBy)
            .limit(rowLimit),
        (last) => order.cursorOf(last.at, last.id),
        ({ at: _at, ...row }) => row,
      );
    },
  };
}
