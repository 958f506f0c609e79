import type pg from 'pg';
import { ident } from './format.js';

export interface TableInfo {
  name: string;
  /** Columns the database computes (GENERATED ALWAYS AS … STORED): not backed up, recomputed on insert. */
  generated: string[];
  /** The other columns, in their order in the table. */
  columns: string[];
}

/**
 * The tables of the product's schema, each after the tables it references, so that rows can be
 * inserted in this order with every foreign key checked as it goes.
 */
export async function tablesInOrder(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  const { rows: columns } = await client.query<{ table: string; name: string; generated: boolean }>(
    `SELECT c.relname AS table, a.attname AS name, a.attgenerated <> '' AS generated
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`,
  );
  const { rows: references } = await client.query<{ from: string; to: string }>(
    `SELECT DISTINCT c.relname AS from, r.relname AS to
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`,
  );

  const info = new Map(tables.map(({ name }) => [name, { name, generated: [] as string[], columns: [] as string[] }]));
  for (const column of columns) info.get(column.table)?.[column.generated ? 'generated' : 'columns'].push(column.name);
  const dependsOn = new Map(tables.map(({ name }) => [name, new Set<string>()]));
  for (const { from, to } of references) dependsOn.get(from)?.add(to);

  // Depth-first: a table comes after everything it references. A cycle between tables (or a table
  // referencing itself, whose rows would need parents first) would need deferred constraints; the
  // schema has none, a cycle is an error here and a self-reference a refused restore, never a guess.
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`Foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const to of [...(dependsOn.get(name) ?? [])].sort()) visit(to, [...path, name]);
    state.set(name, 'done');
    ordered.push(info.get(name)!);
  };
  for (const { name } of tables) visit(name, []);
  return ordered;
}

/** Serial and identity columns: their sequences continue after the restored rows. */
export async function sequencesOf(client: pg.ClientBase, table: string): Promise<{ column: string; sequence: string }[]> {
  const { rows } = await client.query<{ column: string; sequence: string | null }>(
    `SELECT a.attname AS column, pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [`public.${ident(table)}`],
  );
  return rows.filter((r): r is { column: string; sequence: string } => r.sequence !== null);
}
