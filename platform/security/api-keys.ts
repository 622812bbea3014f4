import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import { apiKeys, type ApiKeyRow } from '../../db/schema/security.js';
import { isUuid } from '../ids.js';
import type { Caller } from './caller.js';
import { isRole, type Role } from './roles.js';

export const KEY_PREFIX = 'mi_';
const MIN_BOOTSTRAP_KEY_LENGTH = 32;

export const hashSecret = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * `mi_<12 hex public id>_<32 random bytes, base64url>`. The secret has 256 bits of entropy, so a
 * plain SHA-256 is a sufficient hash (no password stretching needed) and keeps lookups cheap.
 */
export function generateApiKey(): { publicId: string; token: string; secretHash: string } {
  const publicId = randomBytes(6).toString('hex');
  const token = `${KEY_PREFIX}${publicId}_${randomBytes(32).toString('base64url')}`;
  return { publicId, token, secretHash: hashSecret(token) };
}

/** The token from `Authorization: Bearer …` or `x-api-key`. */
export function tokenFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim() || undefined;
  const key = headers['x-api-key'];
  return typeof key === 'string' && key.trim() ? key.trim() : undefined;
}

export interface NewKey {
  name: string;
  role: Role;
  expiresAt?: Date | null;
  createdBy: string;
}

/** API keys in the database: create (secret returned once), register a bootstrap key, list, revoke. */
export class ApiKeyStore {
  constructor(private readonly db: Database) {}

  async create(key: NewKey, db: Executor = this.db): Promise<{ row: ApiKeyRow; token: string }> {
    const { publicId, token, secretHash } = generateApiKey();
    const [row] = await db
      .insert(apiKeys)
      .values({
        publicId,
        secretHash,
        role: key.role,
        name: key.name,
        createdBy: key.createdBy,
        expiresAt: key.expiresAt ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    return { row, token };
  }

  /** Registers an operator-chosen key (ADMIN_API_KEY); idempotent across restarts. */
  async register(token: string, role: Role, name: string): Promise<ApiKeyRow> {
    if (token.length < MIN_BOOTSTRAP_KEY_LENGTH)
      throw new Error(`a bootstrap key needs at least ${MIN_BOOTSTRAP_KEY_LENGTH} characters`);
    const secretHash = hashSecret(token);
    await this.db
      .insert(apiKeys)
      .values({ publicId: `boot-${secretHash.slice(0, 8)}`, secretHash, role, name, createdBy: 'bootstrap' })
      .onConflictDoNothing();
    const row = await this.bySecretHash(secretHash);
    if (!row) throw new Error('bootstrap key was not stored');
    return row;
  }

  async bySecretHash(secretHash: string): Promise<ApiKeyRow | null> {
    const [row] = await this.db.select().from(apiKeys).where(eq(apiKeys.secretHash, secretHash));
    return row ?? null;
  }

  list(includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(includeRevoked ? undefined : isNull(apiKeys.revokedAt))
      .orderBy(desc(apiKeys.createdAt));
  }

  async revoke(idOrPublicId: string, db: Executor = this.db): Promise<ApiKeyRow | null> {
    const [row] = await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(byIdOrPublicId(idOrPublicId), isNull(apiKeys.revokedAt)))
      .returning();
    return row ?? this.find(idOrPublicId, db);
  }

  /** A key by its id or its public id (admins name keys either way). */
  async find(idOrPublicId: string, db: Executor = this.db): Promise<ApiKeyRow | null> {
    const [row] = await db.select().from(apiKeys).where(byIdOrPublicId(idOrPublicId));
    return row ?? null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
  }
}

function byIdOrPublicId(idOrPublicId: string) {
  return eq(isUuid(idOrPublicId) ? apiKeys.id : apiKeys.publicId, idOrPublicId);
}

export function callerOf(row: ApiKeyRow, now: Date): Extract<Caller, { kind: 'api_key' }> | null {
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !isRole(row.role)) return null;
  return { kind: 'api_key', keyId: row.id, name: row.name, role: row.role };
}

/**
 * Authenticates a token with a short cache, so a request costs a hash and a map lookup;
 * revocation and expiry take effect within `ttlMs`. last_used_at is written at most once a minute per key.
 */
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { row: ApiKeyRow | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly ttlMs = 5000,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async authenticate(token: string | undefined): Promise<Extract<Caller, { kind: 'api_key' }> | null> {
    if (!token || token.length > 512) return null;
    const now = this.clock();
    const hash = hashSecret(token);
    let entry = this.cache.get(hash);
    if (!entry || entry.until <= now.getTime()) {
      entry = { row: await this.store.bySecretHash(hash), until: now.getTime() + this.ttlMs };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    const caller = entry.row ? callerOf(entry.row, now) : null;
    if (caller && now.getTime() - (this.touched.get(caller.keyId) ?? 0) > 60_000) {
      this.touched.set(caller.keyId, now.getTime());
      void this.store.touch(caller.keyId, now).catch(() => undefined);
    }
    return caller;
  }
}
