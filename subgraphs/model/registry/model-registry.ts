import { and, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database, type Executor, type Notifications } from '../../../db/client.js';
import {
  modelAliases,
  modelAliasHistory,
  modelVersions,
  promotionRequests,
  type AliasAction,
  type PromotionRequestRow,
  type PromotionRequestStatus,
  type ModelAliasRow,
  type ModelVersionRow,
} from '../../../db/schema/index.js';
import { AppError, BadUserInputError, ErrorCode, NotFoundError, present } from '../../../platform/errors.js';
import { isUuid } from '../../../platform/ids.js';
import { keysetAfter } from '../../../platform/keyset-cursor.js';
import type { RequestAudit } from '../../../platform/security/audit-log.js';
import type { ProvenIdentity } from '../../../platform/security/caller.js';
import { MODEL_ALIAS_CHANNEL, type RewardPredictor } from '../serving/reward-predictor.js';
import { labelSamples, loadSamples, toSplit } from '../training/dataset.js';
import type { TargetSource } from '../../../domain/model/training-config.js';
import type * as tf from '@tensorflow/tfjs-core';
import { saveTo, type VersionDraft } from './postgres-model-io.js';
import { PostgresWeightStore, type WeightStore } from './weight-store.js';
import { comparePaired, type Comparison } from './version-comparison.js';

/** A version without its weights (they are only read by the IO handler). */
export type ModelVersionInfo = Omit<ModelVersionRow, 'weights' | 'topology' | 'weightSpecs' | 'correction'>;
const { weights: _w, topology: _t, weightSpecs: _s, correction: _c, ...INFO_COLUMNS } = getTableColumns(modelVersions);

export const ALIAS_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
export const PRODUCTION = 'production';

export interface GateResult {
  candidateMae: number;
  productionMae: number;
  testSize: number;
  /** Candidate − production MAE with its 95% paired-bootstrap interval, and the same for Spearman. */
  maeDifference: { difference: number; low: number; high: number };
  spearmanDifference: { difference: number; low: number; high: number };
}

export class PromotionRejectedError extends AppError {
  constructor(message: string, gate: GateResult | null) {
    super(ErrorCode.PROMOTION_REJECTED, message, gate ? { gate } : {});
  }
}

/**
 * Versions and aliases. Promotion to production is gated: the candidate must not do worse (MAE)
 * than the current production version on the candidate's own held-out test data beyond the
 * 95% paired-bootstrap interval, unless forced. Every alias move is recorded; rollback returns to the previous target.
 */
export class ModelRegistry {
  constructor(
    private readonly db: Database,
    private readonly notifications: Notifications,
    private readonly predictor: RewardPredictor,
    /** Where new versions' weights are written (registry/weight-store.ts). */
    private readonly weightStore: WeightStore = new PostgresWeightStore(),
  ) {}

  /** The next version number, from the column's own sequence (trained and imported versions share it). */
  async nextVersionNumber(): Promise<number> {
    const [next] = rowsOf<{ v: string }>(
      await this.db.execute(sql`select nextval(pg_get_serial_sequence('model_versions', 'version')) as v`),
    );
    return Number(next?.v);
  }

  async register(draft: VersionDraft, artifacts: tf.io.ModelArtifacts): Promise<ModelVersionRow> {
    const handler = saveTo(this.db, draft, this.weightStore);
    await handler.save?.(artifacts);
    return handler.saved();
  }

  async get(id: string): Promise<ModelVersionInfo | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.select(INFO_COLUMNS).from(modelVersions).where(eq(modelVersions.id, id));
    return row ?? null;
  }

  async byNumber(version: number): Promise<ModelVersionInfo | null> {
    const [row] = await this.db.select(INFO_COLUMNS).from(modelVersions).where(eq(modelVersions.version, version));
    return row ?? null;
  }

  /** In the order asked, null for unknown ids; one query (for the per-request loader). */
  async getMany(ids: readonly string[]): Promise<(ModelVersionInfo | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await this.db.select(INFO_COLUMNS).from(modelVersions).where(inArray(modelVersions.id, valid))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  list(options: { first: number; after: { at: Date; id: string } | null }): Promise<ModelVersionInfo[]> {
    return this.db
      .select(INFO_COLUMNS)
      .from(modelVersions)
      .where(options.after ? keysetAfter(modelVersions.createdAt, modelVersions.id, options.after) : undefined)
      .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id))
      .limit(options.first + 1);
  }

  async alias(name: string): Promise<ModelAliasRow | null> {
    const [row] = await this.db.select().from(modelAliases).where(eq(modelAliases.name, name));
    return row ?? null;
  }

  aliases(): Promise<ModelAliasRow[]> {
    return this.db.select().from(modelAliases).orderBy(modelAliases.name);
  }

  aliasHistory(name: string, limit = 50) {
    return this.db
      .select()
      .from(modelAliasHistory)
      .where(eq(modelAliasHistory.alias, name))
      .orderBy(desc(modelAliasHistory.id))
      .limit(limit);
  }

  async aliasesOf(versionId: string): Promise<string[]> {
    const rows = await this.db
      .select({ name: modelAliases.name })
      .from(modelAliases)
      .where(eq(modelAliases.versionId, versionId));
    return rows.map((r) => r.name).sort();
  }

  /** The candidate against the current production version on the candidate's test trajectories. */
  async compareWithProduction(candidate: ModelVersionInfo): Promise<GateResult | null> {
    const current = await this.alias(PRODUCTION);
    if (!current || current.versionId === candidate.id) return null;
    const comparison = await this.compare(current.versionId, candidate);
    if (!comparison) return null;
    const { mae, spearman } = comparison;
    return {
      candidateMae: mae.b,
      productionMae: mae.a,
      testSize: comparison.testSize,
      maeDifference: { difference: mae.difference, low: mae.low, high: mae.high },
      spearmanDifference: { difference: spearman.difference, low: spearman.low, high: spearman.high },
    };
  }

  /**
   * Version `a` against `b` on `b`'s held-out test trajectories (targets as `b` trained on them):
   * each one's MAE and Spearman, and b − a with 95% paired-bootstrap intervals. Null when `b`'s
   * test trajectories are gone (erased).
   */
  async compare(aId: string, b: ModelVersionInfo): Promise<(Comparison & { a: string; b: string }) | null> {
    const { samples } = await loadSamples(this.db, b.testTrajectoryIds);
    if (samples.length === 0) return null;
    const labelled = labelSamples(samples, b.targetSource as TargetSource);
    const split = toSplit(labelled);
    const [pa, pb] = await Promise.all([
      this.predictor.predictFeatures(split.x, split.n, aId),
      this.predictor.predictFeatures(split.x, split.n, b.id),
    ]);
    return {
      a: aId,
      b: b.id,
      ...comparePaired(
        Array.from(pa),
        Array.from(pb),
        labelled.map((s) => s.target),
      ),
    };
  }

  /**
   * Points an alias at a version. To production, a forced promotion (past the gate) is not
   * carried out: it is recorded as a pending request and needs a second person
   * (`approvePromotion`); one person alone cannot change production past the gate.
   */
  async promote(
    input: {
      versionId: string;
      alias: string;
      force: boolean;
      reason: string | null;
      actor: string;
      action?: AliasAction;
      /** Who asks; required for forced promotions to production (they wait for another identity). */
      requester?: ProvenIdentity;
    },
    audit?: RequestAudit,
  ): Promise<ModelAliasRow> {
    if (!ALIAS_NAME.test(input.alias)) {
      throw new BadUserInputError(
        'Alias names are lower-case letters, digits, "-" and "_", starting with a letter (at most 40).',
        [{ path: 'alias', message: 'invalid alias name' }],
      );
    }
    const candidate = await this.get(input.versionId);
    if (!candidate) throw new NotFoundError('Model version', input.versionId);
    if (input.alias === PRODUCTION && input.force && input.requester) {
      const reason = input.reason?.trim();
      if (!reason)
        throw new BadUserInputError('A forced promotion needs a reason.', [{ path: 'reason', message: 'required with force' }]);
      const [request] = await this.db
        .insert(promotionRequests)
        .values({
          alias: input.alias,
          versionId: candidate.id,
          reason,
          status: 'PENDING',
          requestedById: input.requester.id,
          requestedByName: input.requester.name,
        })
        .returning();
      throw new AppError(
        ErrorCode.APPROVAL_REQUIRED,
        `Forcing version ${candidate.version} into production needs a second person: ask another ml_engineer or an admin to run approvePromotion(requestId: "${request?.id}").`,
        { promotionRequestId: request?.id },
      );
    }
    if (input.alias === PRODUCTION && !input.force) {
      const gate = await this.compareWithProduction(candidate);
      // Refused when it is worse beyond what the choice of test trajectories explains: the whole
      // 95% interval of its MAE difference lies above zero. Within noise, it may go.
      if (gate && gate.maeDifference.low > 0) {
        throw new PromotionRejectedError(
          `Version ${candidate.version} does worse than production on its ${gate.testSize} test trajectories ` +
            `(MAE ${gate.candidateMae.toFixed(4)} vs ${gate.productionMae.toFixed(4)}; difference ${gate.maeDifference.difference.toFixed(4)}, ` +
            `95% interval ${gate.maeDifference.low.toFixed(4)} to ${gate.maeDifference.high.toFixed(4)}). Pass force: true with a reason to promote anyway.`,
          gate,
        );
      }
    }
    return this.move(input.alias, candidate.id, { ...input, action: input.action ?? 'PROMOTE' }, audit);
  }

  async promotionRequests(status: PromotionRequestStatus | null): Promise<PromotionRequestRow[]> {
    return this.db
      .select()
      .from(promotionRequests)
      .where(status ? eq(promotionRequests.status, status) : undefined)
      .orderBy(desc(promotionRequests.requestedAt))
      .limit(100);
  }

  /**
   * The second person's decision on a pending forced promotion: approval carries it out (audited
   * in the same transaction as the alias move), rejection closes it. The requester cannot decide.
   */
  async decide(requestId: string, approve: boolean, by: ProvenIdentity, audit?: RequestAudit): Promise<PromotionRequestRow> {
    const [request] = isUuid(requestId)
      ? await this.db.select().from(promotionRequests).where(eq(promotionRequests.id, requestId))
      : [];
    if (!request) throw new NotFoundError('Promotion request', requestId);
    if (request.status !== 'PENDING') {
      throw new AppError(ErrorCode.INVALID_STATE, `This request was already ${request.status.toLowerCase()}.`, {
        status: request.status,
      });
    }
    if (request.requestedById === by.id) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'A forced promotion to production needs a second person: someone other than the requester must decide it.',
      );
    }
    // Only a request still pending is decided: a concurrent decision makes this one INVALID_STATE.
    const settle = async (db: Executor, status: 'APPROVED' | 'REJECTED') => {
      const [row] = await db
        .update(promotionRequests)
        .set({ status, decidedById: by.id, decidedByName: by.name, decidedAt: new Date() })
        .where(and(eq(promotionRequests.id, request.id), eq(promotionRequests.status, 'PENDING')))
        .returning();
      if (!row) throw new AppError(ErrorCode.INVALID_STATE, 'This request was decided meanwhile.');
      return row;
    };
    if (!approve) {
      const row = await settle(this.db, 'REJECTED');
      await audit?.record(this.db);
      return row;
    }
    let approved: PromotionRequestRow | undefined;
    await this.move(
      request.alias,
      request.versionId,
      {
        actor: by.name,
        reason: `${request.reason} (forced; requested by ${request.requestedByName}, approved by ${by.name})`,
        force: true,
        action: 'PROMOTE',
      },
      audit,
      async (tx) => {
        approved = await settle(tx, 'APPROVED');
      },
    );
    return present(approved, 'the approved request');
  }

  /**
   * Back to the version before the current one. Promotions stack up and rollbacks pop, so
   * repeated rollbacks walk back through the promotions, never forward again.
   */
  async rollback(alias: string, actor: string, audit?: RequestAudit): Promise<ModelAliasRow> {
    const current = await this.alias(alias);
    if (!current) throw new NotFoundError('Model alias', alias);
    const moves = await this.db
      .select()
      .from(modelAliasHistory)
      .where(eq(modelAliasHistory.alias, alias))
      .orderBy(modelAliasHistory.id);
    const stack: string[] = [];
    for (const m of moves) {
      if (m.action === 'ROLLBACK') stack.pop();
      else stack.push(m.toVersionId);
    }
    const previous = stack.at(-2);
    if (!previous) {
      throw new AppError(ErrorCode.INVALID_STATE, `Alias "${alias}" has no earlier version to roll back to.`, { alias });
    }
    return this.move(
      alias,
      previous,
      { actor, reason: `rollback from ${current.versionId}`, force: false, action: 'ROLLBACK' },
      audit,
    );
  }

  private async move(
    alias: string,
    versionId: string,
    how: { actor: string; reason: string | null; force: boolean; action: AliasAction },
    audit?: RequestAudit,
    alsoInTransaction?: (tx: Executor) => Promise<void>,
  ): Promise<ModelAliasRow> {
    const row = await this.db.transaction(async (tx) => {
      await alsoInTransaction?.(tx);
      const [before] = await tx.select().from(modelAliases).where(eq(modelAliases.name, alias)).for('update');
      const [moved] = await tx
        .insert(modelAliases)
        .values({ name: alias, versionId, updatedBy: how.actor, updatedAt: new Date() })
        .onConflictDoUpdate({ target: modelAliases.name, set: { versionId, updatedBy: how.actor, updatedAt: new Date() } })
        .returning();
      await tx.insert(modelAliasHistory).values({
        alias,
        fromVersionId: before?.versionId ?? null,
        toVersionId: versionId,
        action: how.action,
        forced: how.force ? 1 : 0,
        reason: how.reason,
        actor: how.actor,
      });
      await audit?.record(tx);
      return present(moved, 'the upserted alias');
    });
    await this.notifications.notify(MODEL_ALIAS_CHANNEL, alias);
    return row;
  }
}
