import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { encryptionKeys } from '../schema/security.js';
import {
  FieldKeyring,
  fieldKeyring,
  installFieldKeyring,
  newDataKey,
  unwrapDataKey,
  wrapDataKey,
  type DataKey,
  type EncryptionSettings,
} from './field-keyring.js';

/** Any number, the same in every process: data keys are created under it, one process at a time. */
const DATA_KEY_LOCK = 7_104_221_994;

export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionConfigError';
  }
}

export interface FieldEncryptionStatus {
  enabled: boolean;
  activeKeyId: string | null;
  /** Data keys stored whose KEK is not configured: values under them cannot be read here. */
  unreadableDataKeys: string[];
}

/**
 * Loads the data keys of this database, creates one for each configured KEK that has none, and
 * installs the keyring for this process's columns. Creation is serialised by an advisory lock, so
 * replicas starting together agree on one data key per KEK. A process that already holds a data
 * key for a KEK (it opened another database first) stores that same key here, so the one keyring
 * it writes with is readable from both.
 */
export async function startFieldEncryption(db: Database, settings: EncryptionSettings): Promise<FieldEncryptionStatus> {
  const configured = new Map(settings.keys.map((k) => [k.id, k]));
  const held = fieldKeyring().dataKeys();
  const keys = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DATA_KEY_LOCK})`);
    const stored = await tx.select().from(encryptionKeys);
    if (settings.keys.length === 0 && stored.length > 0) {
      throw new EncryptionConfigError(
        `the database holds values encrypted under key(s) ${[...new Set(stored.map((r) => r.kekId))].join(', ')} ` +
          'but ENCRYPTION_KEYS is empty; set it to the keys the data was written with (docs/security.md#encryption-at-rest)',
      );
    }
    const loaded: DataKey[] = [];
    for (const row of stored) {
      const kek = configured.get(row.kekId);
      if (kek) loaded.push(unwrapDataKey(kek, row.id, row.wrapped));
    }
    for (const kek of settings.keys) {
      const mine = held.filter((k) => k.kekId === kek.id && !stored.some((r) => r.id === k.id));
      if (mine.length === 0 && loaded.some((k) => k.kekId === kek.id)) continue;
      for (const dek of mine.length > 0 ? mine : [newDataKey(kek.id)]) {
        await tx.insert(encryptionKeys).values({ id: dek.id, kekId: kek.id, wrapped: wrapDataKey(kek, dek) });
        loaded.push(dek);
      }
    }
    return { loaded, unreadable: stored.filter((r) => !configured.has(r.kekId)).map((r) => r.id) };
  });
  // The keys this process held first: they are the ones it has been writing with.
  const ordered = [...held.filter((k) => configured.has(k.kekId)), ...keys.loaded];
  installFieldKeyring(new FieldKeyring(settings, [...new Map(ordered.map((k) => [k.id, k])).values()]));
  return { enabled: settings.activeKeyId !== null, activeKeyId: settings.activeKeyId, unreadableDataKeys: keys.unreadable };
}
