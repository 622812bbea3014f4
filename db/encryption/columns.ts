import { inArray, type SQL } from 'drizzle-orm';
import { customType, type PgColumn } from 'drizzle-orm/pg-core';
import { fieldKeyring } from './field-keyring.js';

/**
 * A text column stored encrypted when a key is configured (db/encryption/field-keyring.ts). Reads
 * decrypt, writes encrypt; the table and column name are authenticated with each value. Equality
 * on such a column never matches (each encryption differs): query its blind index instead.
 */
export function encryptedText(table: string, name: string) {
  const column = `${table}.${name}`;
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => fieldKeyring().encryptText(value, column),
    fromDriver: (value) => fieldKeyring().decryptText(value, column),
  })(name);
}

/** A bytea column, encrypted when a key is configured and ENCRYPT_MODEL_WEIGHTS is on. */
export function encryptedBytes(table: string, name: string) {
  const column = `${table}.${name}`;
  return customType<{ data: Uint8Array; driverData: Uint8Array }>({
    dataType: () => 'bytea',
    toDriver: (value) => fieldKeyring().encryptBytes(value, column),
    fromDriver: (value) => fieldKeyring().decryptBytes(value, column),
  })(name);
}

/** The blind index to store beside a value written now. */
export function blindIndex(value: string): string {
  return fieldKeyring().blindIndex(value);
}

/** Rows whose blind-indexed value equals `value`, under whichever key each row was indexed. */
export function indexMatches(index: PgColumn, value: string): SQL {
  return inArray(index, fieldKeyring().lookupIndexes(value));
}
