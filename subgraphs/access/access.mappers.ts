import type { ApiKeyRow, AuditRow, SubjectDeletionRow } from '../../db/schema/security.js';

export type ApiKey = ApiKeyRow;
export type AuditEntry = AuditRow;
export interface Me {
  keyId: string | null;
  identity: string;
  name: string;
  role: string;
}

/** An erasure, as recorded. */
export type SubjectDeletion = SubjectDeletionRow;
