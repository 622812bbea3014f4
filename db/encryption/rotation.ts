import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../client.js';
import { BYTES_MAGIC, DEK_ID_BYTES, TEXT_PREFIX, fieldKeyring, type FieldKeyring } from './field-keyring.js';

/** Where encrypted values and blind indexes live; the schema files mark the same columns. */
interface EncryptedTable {
  table: string;
  text: string[];
  /** [blind index column, the encrypted column it indexes] */
  indexes: [string, string][];
  bytes: string[];
  /** Rows per transaction (model weights are large). */
  batch: number;
}

export const ENCRYPTED_TABLES: EncryptedTable[] = [
  {
    table: 'trajectories',
    text: ['submitted_by', 'submitter_id', 'submitter_name'],
    indexes: [
      ['submitted_by_index', 'submitted_by'],
      ['submitter_id_index', 'submitter_id'],
    ],
    bytes: [],
    batch: 500,
  },
  { table: 'trajectory_rejections', text: ['submitted_by'], indexes: [], bytes: [], batch: 500 },
  {
    table: 'educator_feedback',
    text: ['comment', 'rated_by', 'rater_id', 'rater_name'],
    indexes: [['rater_id_index', 'rater_id']],
    bytes: [],
    batch: 500,
  },
  { table: 'audit_log', text: ['key_name'], indexes: [], bytes: [], batch: 500 },
  { table: 'api_keys', text: ['name', 'created_by'], indexes: [], bytes: [], batch: 500 },
  { table: 'subject_deletions', text: ['requested_by'], indexes: [], bytes: [], batch: 500 },
  { table: 'model_versions', text: [], indexes: [], bytes: ['weights'], batch: 2 },
];

/**
 * Brings every stored value to what the keyring writes now: encrypted under the active key's data
 * key (or plaintext when off), blind indexes under the active key. Runs after a key change, in
 * the background; batches take their rows `for update skip locked`, so writers wait only for
 * a batch and several processes share the work. Returns the rows rewritten per table.
 */
export async function rotateFieldEncryption(
  db: Database,
  options: { onProgress?: (table: string, rows: number) => void; signal?: AbortSignal; keyring?: FieldKeyring } = {},
): Promise<Record<string, number>> {
  const keyring = options.keyring ?? fieldKeyring();
  const done: Record<string, number> = {};
  for (const t of ENCRYPTED_TABLES) {
    const stale = stalePredicate(t, keyring);
    if (!stale) continue;
    let total = 0;
    // In id order from where the last batch ended: each row is visited once per pass, whatever happens to it.
    let after: unknown = null;
    while (!options.signal?.aborted) {
      const n = await db.transaction(async (tx) => {
        const columns = sql.raw(['id', ...t.text, ...t.bytes].map((c) => `"${c}"`).join(', '));
        const rows = rowsOf<Record<string, unknown>>(
          await tx.execute(
            sql`select ${columns} from ${sql.identifier(t.table)}
                where (${stale}) ${after === null ? sql`` : sql`and id > ${after}`}
                order by id limit ${t.batch} for update skip locked`,
          ),
        );
        for (const row of rows) await tx.execute(rewrite(t, row, keyring));
        after = rows.at(-1)?.id ?? after;
        return rows.length;
      });
      if (n === 0) break;
      total += n;
      options.onProgress?.(t.table, total);
    }
    done[t.table] = total;
  }
  return done;
}

/** Rows of this table not yet as the keyring would write them (null when none can be). */
function stalePredicate(t: EncryptedTable, keyring: FieldKeyring): SQL | null {
  const parts: SQL[] = [];
  const dek = keyring.activeDataKey;
  for (const c of t.text) {
    const column = sql.identifier(c);
    parts.push(
      dek
        ? sql`(${column} is not null and ${column} not like ${`${TEXT_PREFIX}${dek.id}:%`})`
        : sql`(${column} like ${`${TEXT_PREFIX}%`})`,
    );
  }
  for (const [index] of t.indexes) parts.push(sql`(${sql.identifier(index)} not like ${`${keyring.activeIndexTag}:%`})`);
  for (const c of t.bytes) {
    // Weights are written encrypted only when ENCRYPT_MODEL_WEIGHTS is on, and plain otherwise.
    const head = (n: number) => sql`substring(${sql.identifier(c)} from 1 for ${n})`;
    const magic = BYTES_MAGIC.toString('hex');
    parts.push(
      dek && keyring.settings.modelWeights
        ? sql`(${head(BYTES_MAGIC.length + DEK_ID_BYTES)} <> decode(${magic + dek.id}, 'hex'))`
        : sql`(${head(BYTES_MAGIC.length)} = decode(${magic}, 'hex'))`,
    );
  }
  return parts.length > 0 ? sql.join(parts, sql` or `) : null;
}

function rewrite(t: EncryptedTable, row: Record<string, unknown>, keyring: FieldKeyring): SQL {
  const sets: SQL[] = [];
  const plain: Record<string, string | null> = {};
  for (const c of t.text) {
    const value = row[c];
    const column = `${t.table}.${c}`;
    plain[c] = typeof value === 'string' ? keyring.decryptText(value, column) : null;
    const text = plain[c];
    sets.push(sql`${sql.identifier(c)} = ${text === null ? null : keyring.encryptText(text, column)}`);
  }
  for (const [index, of] of t.indexes) {
    const text = plain[of];
    if (text !== null && text !== undefined) sets.push(sql`${sql.identifier(index)} = ${keyring.blindIndex(text)}`);
  }
  for (const c of t.bytes) {
    const value = row[c];
    if (!(value instanceof Uint8Array)) continue;
    const column = `${t.table}.${c}`;
    sets.push(sql`${sql.identifier(c)} = ${Buffer.from(keyring.encryptBytes(keyring.decryptBytes(value, column), column))}`);
  }
  return sql`update ${sql.identifier(t.table)} set ${sql.join(sets, sql`, `)} where id = ${row.id}`;
}
