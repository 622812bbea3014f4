import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf, type Executor } from './client.js';

/**
 * Inserts many rows as ONE parameter: `insert … select … from json_to_recordset($1)`.
 * Ingest is the hot path; drizzle's `values([...])` builds one placeholder per cell, which
 * for 100 trajectories (18 columns, large jsonb) costs more CPU than the database work.
 * Column names and SQL types come from the drizzle table, so the schema stays the one source.
 * Returns the rows the database reported back for `returning` (e.g. ids that were inserted).
 */
export async function bulkInsert<TTable extends PgTable>(
  db: Executor,
  table: TTable,
  rows: Partial<Record<keyof TTable['$inferInsert'], unknown>>[],
  options: { onConflict?: SQL; returning?: SQL } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => rows.some((r) => key in r));
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const definition = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  // Custom columns (encrypted ones) map their values as drizzle would; jsonb and the rest go as they are.
  const driverValue = (c: (typeof columns)[number][1], value: unknown) =>
    value !== null && value !== undefined && c.columnType === 'PgCustomColumn' ? c.mapToDriverValue(value) : (value ?? null);
  const records = rows.map((r) =>
    Object.fromEntries(columns.map(([key, c]) => [c.name, driverValue(c, (r as Record<string, unknown>)[key])])),
  );
  const query = sql`insert into ${sql.identifier(getTableName(table))} (${names})
    select ${names} from json_to_recordset(${JSON.stringify(records)}::json) as x(${definition})
    ${options.onConflict ?? sql``} ${options.returning ? sql`returning ${options.returning}` : sql``}`;
  return rowsOf(await db.execute(query));
}
