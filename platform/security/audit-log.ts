import { and, count, desc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { canonicalHash } from '../../domain/assessment/canonical-hash.js';
import type { Database, Executor } from '../../db/client.js';
import { auditLog, type AuditRow } from '../../db/schema/security.js';
import { BadUserInputError } from '../errors.js';
import { isUuid } from '../ids.js';
import { clientOperationName } from '../operation-name.js';
import { decodeCursor, encodeCursor, keysetAfter } from '../keyset-cursor.js';
import type { Caller } from './caller.js';

export type AuditOutcome = AuditRow['outcome'];

/** The audit trail of one request. Services call `record(tx)` inside the transaction of their change. */
export class RequestAudit {
  private operation: { name: string; fields: string[]; digest: string } | null = null;
  private written = false;

  constructor(
    private readonly log: AuditLog,
    private readonly subgraph: string,
    private readonly requestId: string,
    private readonly caller: Caller,
  ) {}

  /** Called once the operation is known; only mutations are audited. */
  begin(name: string | null, fields: string[], variables: unknown): void {
    this.operation = { name: name ? clientOperationName(name) : 'anonymous', fields, digest: canonicalHash(variables ?? {}) };
  }

  get isMutation(): boolean {
    return this.operation !== null;
  }

  /** An allowed change: write its row in the same transaction as the change. */
  async record(tx: Executor): Promise<void> {
    if (!this.operation) return;
    await this.log.write(tx, this.row('ALLOWED', null));
    this.written = true;
  }

  /** After the response: a mutation that changed nothing is recorded as denied or failed. */
  async finish(errorCodes: string[]): Promise<void> {
    if (!this.operation || this.written) return;
    const denied = errorCodes.includes('FORBIDDEN');
    await this.log.write(null, this.row(denied ? 'DENIED' : 'FAILED', denied ? 'FORBIDDEN' : (errorCodes[0] ?? null)));
    this.written = true;
  }

  private row(outcome: AuditOutcome, errorCode: string | null) {
    const op = this.operation as NonNullable<RequestAudit['operation']>;
    return {
      requestId: this.requestId,
      keyId: this.caller.keyId,
      // A person signed in by OIDC is recorded by name and subject (the key id column stays empty).
      keyName:
        this.caller.kind === 'api_key'
          ? this.caller.name
          : this.caller.kind === 'oidc'
            ? `${this.caller.name} (oidc ${this.caller.subject})`
            : null,
      role: this.caller.role,
      subgraph: this.subgraph,
      operationName: op.name,
      fields: op.fields,
      variablesDigest: op.digest,
      outcome,
      errorCode,
    };
  }
}

export interface AuditFilter {
  keyId?: string | null;
  outcome?: readonly AuditOutcome[] | null;
  operationName?: string | null;
  since?: string | null;
  until?: string | null;
}

/** The audit_log table: append, and page through newest first. */
export class AuditLog {
  constructor(private readonly db: Database) {}

  async write(tx: Executor | null, row: typeof auditLog.$inferInsert): Promise<void> {
    await (tx ?? this.db).insert(auditLog).values(row);
  }

  forRequest(subgraph: string, requestId: string, caller: Caller): RequestAudit {
    return new RequestAudit(this, subgraph, requestId, caller);
  }

  async list(
    filter: AuditFilter,
    first: number,
    after: string | null | undefined,
  ): Promise<{ rows: AuditRow[]; hasNextPage: boolean; totalCount: number }> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new BadUserInputError('first must be 1..100', [{ path: 'first', message: 'must be 1..100' }]);
    if (filter.keyId && !isUuid(filter.keyId)) return { rows: [], hasNextPage: false, totalCount: 0 };
    const where: SQL | undefined = and(
      filter.keyId ? eq(auditLog.keyId, filter.keyId) : undefined,
      filter.outcome?.length ? inArray(auditLog.outcome, [...filter.outcome]) : undefined,
      filter.operationName ? eq(auditLog.operationName, filter.operationName) : undefined,
      filter.since ? gte(auditLog.at, new Date(filter.since)) : undefined,
      filter.until ? lt(auditLog.at, new Date(filter.until)) : undefined,
    );
    const cursor = after ? decodeCursor(after) : null;
    const page = cursor ? and(where, keysetAfter(auditLog.at, auditLog.id, cursor)) : where;
    const [rows, total] = await Promise.all([
      this.db
        .select()
        .from(auditLog)
        .where(page)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(first + 1),
      this.db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: total[0]?.n ?? 0 };
  }
}

export const encodeAuditCursor = (row: Pick<AuditRow, 'at' | 'id'>) => encodeCursor(row.at, row.id);
