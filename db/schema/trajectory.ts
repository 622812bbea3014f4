import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, doublePrecision, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AssessmentState } from '../../domain/assessment/state.js';
import { timestamps, timestamptz } from '../columns.js';
import { encryptedText } from '../encryption/columns.js';

export interface QualityIssue {
  code: string;
  path: string | null;
  message: string;
  severity: 'INFO' | 'WARNING';
  penalty: number;
}

export const TRAJECTORY_STATUSES = ['VALID', 'LOW_QUALITY', 'DUPLICATE'] as const;
export type TrajectoryStatus = (typeof TRAJECTORY_STATUSES)[number];

/** One captured assessment run. The full state is kept as submitted; hot filter fields are columns. */
export const trajectories = pgTable(
  'trajectories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key'),
    payloadHash: text('payload_hash').notNull(),
    contentHash: text('content_hash').notNull(),
    duplicateOf: uuid('duplicate_of'),
    imageSha256: text('image_sha256').notNull(),
    audience: text('audience').notNull(),
    topic: text('topic').notNull(),
    modality: text('modality').notNull(),
    state: jsonb('state').$type<AssessmentState>().notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    submittedBy: encryptedText('trajectories', 'submitted_by').notNull(),
    /** Blind index of `submittedBy` (db/encryption/field-keyring.ts): equality and counting. */
    submittedByIndex: text('submitted_by_index').notNull(),
    /** The authenticated caller (platform/security/caller.ts provenIdentity); `submittedBy` is the client's display name. */
    submitterId: encryptedText('trajectories', 'submitter_id').notNull(),
    submitterIdIndex: text('submitter_id_index').notNull(),
    submitterName: encryptedText('trajectories', 'submitter_name').notNull(),
    submittedAt: timestamptz('submitted_at').notNull().defaultNow(),
    status: text('status').$type<TrajectoryStatus>().notNull(),
    qualityScore: doublePrecision('quality_score').notNull(),
    /** Below the quality threshold in force at capture. */
    flagged: boolean('flagged').notNull(),
    qualityIssues: jsonb('quality_issues').$type<QualityIssue[]>().notNull(),
    totalDurationMs: integer('total_duration_ms').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('trajectories_idempotency_key_uq')
      .on(t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index('trajectories_submitted_at_id_idx').on(t.submittedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('trajectories_content_hash_idx').on(t.contentHash),
    index('trajectories_image_sha256_idx').on(t.imageSha256),
    index('trajectories_audience_idx').on(t.audience),
    index('trajectories_submitted_by_index_idx').on(t.submittedByIndex),
    index('trajectories_submitter_id_index_idx').on(t.submitterIdIndex),
    index('trajectories_status_idx').on(t.status),
    // The modality filter and focus page newest first within one modality, and the vocabulary
    // (modalities) groups by it: one index serves both without touching the rows.
    index('trajectories_modality_submitted_at_id_idx').on(
      t.modality,
      t.submittedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
  ],
);

/** Submissions refused by validation: kept (without payload) so the capture rate is honest. */
export const trajectoryRejections = pgTable(
  'trajectory_rejections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submittedBy: encryptedText('trajectory_rejections', 'submitted_by').notNull(),
    reasons: jsonb('reasons').$type<{ path: string; message: string }[]>().notNull(),
    rejectedAt: timestamptz('rejected_at').notNull().defaultNow(),
  },
  (t) => [index('trajectory_rejections_rejected_at_idx').on(t.rejectedAt)],
);

export type TrajectoryRow = typeof trajectories.$inferSelect;
export type NewTrajectoryRow = typeof trajectories.$inferInsert;

/**
 * The bytes of an assessed image, kept once by their sha256 in object storage (a folder under
 * DATA_DIR, or S3): this row says they are there and what they are. Trajectories refer to an
 * image by `image_sha256`; an image no trajectory refers to any more is deleted with its
 * thumbnail (retention and erasure, subgraphs/trajectory/images/image-library.ts).
 */
export const images = pgTable('images', {
  sha256: text('sha256').primaryKey(),
  format: text('format').notNull(),
  contentType: text('content_type').notNull(),
  byteSize: integer('byte_size').notNull(),
  /** Where it was fetched from, when capture sent a URL (null for uploaded bytes). */
  sourceUrl: text('source_url'),
  ...timestamps,
});
export type ImageRow = typeof images.$inferSelect;
