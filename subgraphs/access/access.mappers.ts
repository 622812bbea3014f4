import type { ApiKeyRow, AuditRow } from '../../db/schema/security.js';

export type ApiKey = ApiKeyRow;
export type AuditEntry = AuditRow;
export interface Me {
  keyId: string;
  name: string;
  role: string;
}
