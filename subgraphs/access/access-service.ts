import type { Database } from '../../db/client.js';
import type { ApiKeyRow } from '../../db/schema/security.js';
import { BadUserInputError, NotFoundError, type FieldError } from '../../platform/errors.js';
import type { Caller } from '../../platform/security/caller.js';
import type { ApiKeyStore } from '../../platform/security/api-keys.js';
import type { AuditFilter, AuditLog, RequestAudit } from '../../platform/security/audit-log.js';
import type { Role } from '../../platform/security/roles.js';

/** API key administration and the audit log, for admins. */
export class AccessService {
  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeyStore,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async createKey(
    input: { name: string; role: Role; expiresAt?: string | null },
    caller: Caller,
    audit: RequestAudit,
  ): Promise<{ apiKey: ApiKeyRow; secret: string }> {
    const errors: FieldError[] = [];
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) errors.push({ path: 'input.name', message: 'must be 1..100 characters' });
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= this.clock()) errors.push({ path: 'input.expiresAt', message: 'must be in the future' });
    if (errors.length) throw new BadUserInputError(`Invalid key: ${errors[0]?.path} ${errors[0]?.message}`, errors);
    return this.db.transaction(async (tx) => {
      const { row, token } = await this.keys.create({ name, role: input.role, expiresAt, createdBy: caller.name }, tx);
      await audit.record(tx);
      return { apiKey: row, secret: token };
    });
  }

  async revokeKey(id: string, audit: RequestAudit): Promise<ApiKeyRow> {
    return this.db.transaction(async (tx) => {
      const row = await this.keys.revoke(id, tx);
      if (!row) throw new NotFoundError('API key', id);
      await audit.record(tx);
      return row;
    });
  }

  listKeys(includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return this.keys.list(includeRevoked);
  }

  auditLog(filter: AuditFilter, first: number, after?: string | null) {
    return this.audit.list(filter, first, after);
  }
}
