import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  doublePrecision,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RewardComponentRecord } from '../../domain/rubric/reward-calculator.js';
import { timestamps, timestamptz } from '../columns.js';
import { encryptedText } from '../encryption/columns.js';
import { trajectories } from './trajectory.js';

/** Versioned rubric: weights and thresholds. Exactly one row is active. */
export const rubrics = pgTable(
  'rubrics',
  {
    version: integer('version').primaryKey(),
    active: boolean('active').notNull().default(false),
    description: text('description').notNull(),
    weights: jsonb('weights').$type<Record<string, number>>().notNull(),
    thresholds: jsonb('thresholds').$type<Record<string, unknown>>().notNull(),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('rubrics_single_active_uq')
      .on(t.active)
      .where(sql`${t.active}`),
  ],
);

/** The reward of one trajectory under one rubric version, stored with its explanation. */
export const rewards = pgTable(
  'rewards',
  {
    trajectoryId: uuid('trajectory_id')
      .notNull()
      .references(() => trajectories.id, { onDelete: 'cascade' }),
    rubricVersion: integer('rubric_version')
      .notNull()
      .references(() => rubrics.version),
    total: doublePrecision('total').notNull(),
    components: jsonb('components').$type<RewardComponentRecord[]>().notNull(),
    computedAt: timestamptz('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.trajectoryId, t.rubricVersion] }), index('rewards_rubric_version_idx').on(t.rubricVersion)],
);

/** An educator's rating of a trajectory: the human signal the reward model learns from. */
export const educatorFeedback = pgTable(
  'educator_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trajectoryId: uuid('trajectory_id')
      .notNull()
      .references(() => trajectories.id, { onDelete: 'cascade' }),
    score: doublePrecision('score').notNull(),
    comment: encryptedText('educator_feedback', 'comment'),
    /** A display name the client chose; who rated is `raterId`/`raterName`, recorded by the server. */
    ratedBy: encryptedText('educator_feedback', 'rated_by').notNull(),
    raterId: encryptedText('educator_feedback', 'rater_id').notNull(),
    /** Blind index of `raterId` (db/encryption/field-keyring.ts): one current rating per rater. */
    raterIdIndex: text('rater_id_index').notNull(),
    raterName: encryptedText('educator_feedback', 'rater_name').notNull(),
    /** Set when the same rater rated the trajectory again: history, no longer counted. */
    supersededAt: timestamptz('superseded_at'),
    ...timestamps,
  },
  (t) => [
    index('educator_feedback_trajectory_idx').on(t.trajectoryId, t.createdAt),
    uniqueIndex('educator_feedback_current_uq')
      .on(t.trajectoryId, t.raterIdIndex)
      .where(sql`${t.supersededAt} is null`),
    index('educator_feedback_rater_idx').on(t.raterIdIndex, t.createdAt),
  ],
);

export type RubricRow = typeof rubrics.$inferSelect;
export type RewardRow = typeof rewards.$inferSelect;
export type FeedbackRow = typeof educatorFeedback.$inferSelect;
