import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns.js';
import { encryptedText } from '../encryption/columns.js';

/** API keys: only a hash of the secret is stored; the public id identifies a key in lists and logs. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    publicId: text('public_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    role: text('role').notNull(),
    /** The key's name is who the caller is (often a person): encrypted like other identities. */
    name: encryptedText('api_keys', 'name').notNull(),
    createdBy: encryptedText('api_keys', 'created_by').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [uniqueIndex('api_keys_public_id_uq').on(t.publicId), uniqueIndex('api_keys_secret_hash_uq').on(t.secretHash)],
);

/** One row per mutation, allowed or denied; written in the transaction of the change it records. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamptz('at').notNull().defaultNow(),
    requestId: text('request_id').notNull(),
    keyId: uuid('key_id'),
    keyName: encryptedText('audit_log', 'key_name'),
    role: text('role'),
    subgraph: text('subgraph').notNull(),
    operationName: text('operation_name').notNull(),
    fields: jsonb('fields').$type<string[]>().notNull(),
    variablesDigest: text('variables_digest').notNull(),
    outcome: text('outcome').$type<'ALLOWED' | 'DENIED' | 'FAILED'>().notNull(),
    errorCode: text('error_code'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('audit_log_key_idx').on(t.keyId),
  ],
);

/**
 * Each erasure of a person's data (deleteSubjectData): what was removed or anonymised, by whom.
 * The subject is kept only as a digest, so the record does not re-identify the person.
 */
export const subjectDeletions = pgTable('subject_deletions', {
  id: uuid('id').primaryKey().defaultRandom(),
  subjectDigest: text('subject_digest').notNull(),
  requestedBy: encryptedText('subject_deletions', 'requested_by').notNull(),
  at: timestamptz('at').notNull().defaultNow(),
  ratingsDeleted: integer('ratings_deleted').notNull(),
  trajectoriesAnonymised: integer('trajectories_anonymised').notNull(),
  auditRowsAnonymised: integer('audit_rows_anonymised').notNull(),
});

/**
 * Data keys (db/encryption): each wrapped by the key-encryption key named in `kek_id`, which is
 * configuration and never stored. Values name the data key they were written with.
 */
export const encryptionKeys = pgTable('encryption_keys', {
  id: text('id').primaryKey(),
  kekId: text('kek_id').notNull(),
  wrapped: text('wrapped').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export type SubjectDeletionRow = typeof subjectDeletions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
