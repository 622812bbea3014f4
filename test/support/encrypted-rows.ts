import { sql } from 'drizzle-orm';
import { rowsOf, type DatabaseHandle } from '../../db/client.js';
import { ENCRYPTED_TABLES } from '../../db/encryption/rotation.js';

/** Every row of every table that holds encrypted columns, as the database stores it. */
export async function rowsOnDisk(database: DatabaseHandle): Promise<string[]> {
  const rows: string[] = [];
  for (const t of ENCRYPTED_TABLES) {
    const found = rowsOf<{ row: string }>(
      await database.db.execute(sql`select t::text as row from ${sql.identifier(t.table)} t`),
    );
    rows.push(...found.map((r) => r.row));
  }
  return rows;
}

/** The rows (their start) that hold `text`: short, so a failure prints what leaked, not megabytes. */
export const rowsHolding = (rows: string[], text: string) => rows.filter((r) => r.includes(text)).map((r) => r.slice(0, 160));
