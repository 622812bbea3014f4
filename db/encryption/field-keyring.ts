import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Field-level encryption at rest: envelope encryption with AES-256-GCM.
 *
 * - A key-encryption key (KEK) comes from configuration (`ENCRYPTION_KEYS`); it never touches data.
 * - Each KEK wraps one data key (DEK), stored wrapped in `encryption_keys` (db/encryption/data-keys.ts).
 * - Values are encrypted with the active KEK's DEK; each value names its DEK, so several keys can be
 *   readable at once while rotation re-encrypts in the background (db/encryption/rotation.ts).
 * - Columns that need equality get a blind index beside them: an HMAC under a key derived from a
 *   KEK, tagged with that KEK's id. Lookups compute it under every configured KEK, so rows not yet
 *   rotated are still found.
 *
 * Without keys the keyring is off: values pass through as plaintext and blind indexes are plain
 * SHA-256 (tag `p`), so queries are the same with encryption on or off.
 */

export interface KeyEncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface EncryptionSettings {
  keys: KeyEncryptionKey[];
  /** The KEK new values are written under; rows under other keys are re-encrypted in the background. */
  activeKeyId: string | null;
  /** Model weights too (large values; read at every model load). */
  modelWeights: boolean;
}

export const ENCRYPTION_OFF: EncryptionSettings = { keys: [], activeKeyId: null, modelWeights: false };

export interface DataKey {
  id: string;
  kekId: string;
  key: Buffer;
}

/** The stored form of an encrypted text value: `enc:v1:<dek id>:<base64 of iv | tag | ciphertext>`. */
export const TEXT_PREFIX = 'enc:v1:';
/** The stored form of encrypted bytes starts with these, then the 8-byte DEK id, iv, tag, ciphertext. */
export const BYTES_MAGIC = Buffer.from('MIENC1:', 'latin1');
export const DEK_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Decrypted text values remembered per process (a few MB at most; cleared when full). */
const DECRYPTED_CACHE_ENTRIES = 20_000;
/** The blind-index tag of plain SHA-256 (no key configured). */
export const PLAIN_INDEX_TAG = 'p';

/** A value names a data key this process does not hold: its KEK is not configured. */
export class UnknownDataKeyError extends Error {
  constructor(readonly dataKeyId: string) {
    super(
      `a stored value is encrypted with data key ${dataKeyId}, whose key-encryption key is not in ENCRYPTION_KEYS; ` +
        'add the key it was written under (docs/security.md#encryption-at-rest)',
    );
    this.name = 'UnknownDataKeyError';
  }
}

export class FieldKeyring {
  private readonly keysById = new Map<string, DataKey>();
  private readonly decrypted = new Map<string, string>();
  private readonly indexKeys: { tag: string; key: Buffer }[];

  constructor(
    readonly settings: EncryptionSettings,
    dataKeys: DataKey[] = [],
  ) {
    for (const k of dataKeys) this.keysById.set(k.id, k);
    this.indexKeys = settings.keys.map((k) => ({
      tag: k.id,
      key: Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'medillustrator blind index v1', 32)),
    }));
  }

  get enabled(): boolean {
    return this.settings.activeKeyId !== null;
  }

  /** The DEK new values are written with (null when off). */
  get activeDataKey(): DataKey | null {
    if (!this.settings.activeKeyId) return null;
    for (const k of this.keysById.values()) if (k.kekId === this.settings.activeKeyId) return k;
    return null;
  }

  dataKeys(): DataKey[] {
    return [...this.keysById.values()];
  }

  get activeIndexTag(): string {
    return this.settings.activeKeyId ?? PLAIN_INDEX_TAG;
  }

  encryptText(plain: string, column: string): string {
    const dek = this.activeDataKey;
    if (!dek) return plain;
    return `${TEXT_PREFIX}${dek.id}:${seal(dek, Buffer.from(plain, 'utf8'), column).toString('base64')}`;
  }

  decryptText(stored: string, column: string): string {
    if (!stored.startsWith(TEXT_PREFIX)) return stored;
    // Pages read the same rows again and again; each ciphertext is unique (random IV), so a
    // decrypted value can be remembered by it. Keyed with the column: a moved value still fails.
    const cacheKey = `${column}\u0000${stored}`;
    const hit = this.decrypted.get(cacheKey);
    if (hit !== undefined) return hit;
    const rest = stored.slice(TEXT_PREFIX.length);
    const colon = rest.indexOf(':');
    const dek = this.dataKey(rest.slice(0, colon));
    const plain = open(dek, Buffer.from(rest.slice(colon + 1), 'base64'), column).toString('utf8');
    if (this.decrypted.size >= DECRYPTED_CACHE_ENTRIES) this.decrypted.clear();
    this.decrypted.set(cacheKey, plain);
    return plain;
  }

  encryptBytes(plain: Uint8Array, column: string): Uint8Array {
    const dek = this.settings.modelWeights ? this.activeDataKey : null;
    if (!dek) return plain;
    return Buffer.concat([BYTES_MAGIC, Buffer.from(dek.id, 'hex'), seal(dek, plain, column)]);
  }

  decryptBytes(stored: Uint8Array, column: string): Uint8Array {
    const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (buf.length < BYTES_MAGIC.length || !buf.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC)) return stored;
    const idEnd = BYTES_MAGIC.length + DEK_ID_BYTES;
    const dek = this.dataKey(buf.subarray(BYTES_MAGIC.length, idEnd).toString('hex'));
    return open(dek, buf.subarray(idEnd), column);
  }

  /** The blind index a value is stored with now. */
  blindIndex(value: string): string {
    const active = this.indexKeys.find((k) => k.tag === this.settings.activeKeyId);
    return active ? keyedIndex(active, value) : plainIndex(value);
  }

  /** Every blind index the value may be stored under (any configured key, or none). */
  lookupIndexes(value: string): string[] {
    return [...this.indexKeys.map((k) => keyedIndex(k, value)), plainIndex(value)];
  }

  private dataKey(id: string): DataKey {
    const dek = this.keysById.get(id);
    if (!dek) throw new UnknownDataKeyError(id);
    return dek;
  }
}

function seal(dek: DataKey, plain: Uint8Array, column: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dek.key, iv);
  // The column is authenticated with the value, so a ciphertext copied into another column fails.
  cipher.setAAD(Buffer.from(column, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(dek: DataKey, sealed: Buffer, column: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', dek.key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(column, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

function keyedIndex(k: { tag: string; key: Buffer }, value: string): string {
  return `${k.tag}:${createHmac('sha256', k.key).update(value, 'utf8').digest('hex')}`;
}

function plainIndex(value: string): string {
  return `${PLAIN_INDEX_TAG}:${createHash('sha256').update(value, 'utf8').digest('hex')}`;
}

/** Wraps a DEK under its KEK (AES-256-GCM, the DEK's id authenticated with it). */
export function wrapDataKey(kek: KeyEncryptionKey, dek: DataKey): string {
  return seal({ id: dek.id, kekId: kek.id, key: kek.key }, dek.key, `dek:${dek.id}`).toString('base64');
}

export function unwrapDataKey(kek: KeyEncryptionKey, id: string, wrapped: string): DataKey {
  const key = open({ id, kekId: kek.id, key: kek.key }, Buffer.from(wrapped, 'base64'), `dek:${id}`);
  return { id, kekId: kek.id, key };
}

export function newDataKey(kekId: string): DataKey {
  return { id: randomBytes(DEK_ID_BYTES).toString('hex'), kekId, key: randomBytes(32) };
}

/**
 * The keyring the columns of this process use. drizzle's column mappers are plain functions of a
 * value, so the keyring is process-wide; db/encryption/data-keys.ts installs it at start.
 */
let current = new FieldKeyring(ENCRYPTION_OFF);

export function fieldKeyring(): FieldKeyring {
  return current;
}

export function installFieldKeyring(keyring: FieldKeyring): void {
  current = keyring;
}
