import { randomUUID } from 'node:crypto';
import { asc, inArray, sql } from 'drizzle-orm';
import { canonicalHash, canonicalJson, sha256Hex } from '../../domain/assessment/canonical-hash.js';
import { bulkInsert } from '../../db/bulk-insert.js';
import { blindIndex } from '../../db/encryption/columns.js';
import type { Database, Executor } from '../../db/client.js';
import type { CaptureListener } from '../../domain/capture.js';
import { trajectories, trajectoryRejections, type TrajectoryRow } from '../../db/schema/trajectory.js';
import type { RequestAudit } from '../../platform/security/audit-log.js';
import type { ProvenIdentity } from '../../platform/security/caller.js';
import { AppError, BadUserInputError, ErrorCode, IdempotencyConflictError, type FieldError } from '../../platform/errors.js';
import { validateSubmission, type SubmissionInput, type ValidSubmission } from './trajectory-validator.js';
import { GroupCommit } from './group-commit.js';
import type { DeclaredImage, ImageContent, ImageLibrary } from './images/image-library.js';

function imageOf(state: unknown): (Record<string, unknown> & { content?: unknown }) | null {
  if (typeof state !== 'object' || state === null) return null;
  const image = (state as { image?: unknown }).image;
  return typeof image === 'object' && image !== null ? (image as Record<string, unknown>) : null;
}

function isDeclared(image: Record<string, unknown>): image is Record<string, unknown> & DeclaredImage {
  return (
    typeof image.sha256 === 'string' &&
    typeof image.width === 'number' &&
    typeof image.height === 'number' &&
    typeof image.format === 'string'
  );
}

/** Told about the stored rows inside the capture transaction (the Reward subgraph's ledger). */
export type TrajectoryCaptureListener = CaptureListener<Executor, TrajectoryRow>;

/** Told about every outcome after the transaction commits (metrics). */
export interface CaptureObserver {
  observe(outcomes: readonly CaptureOutcome[]): void;
}

export interface CaptureHooks {
  /** Run in the capture transaction; the platform passes the Reward subgraph's ledger here. */
  listeners?: TrajectoryCaptureListener[];
  observer?: CaptureObserver;
  /** When a submission "arrives"; injected for demo seeding and tests. */
  clock?: () => Date;
  /** Where image bytes sent with a state go; without it, states carrying bytes are refused. */
  images?: ImageLibrary;
}

export interface CaptureOptions {
  requiredAgents: readonly string[];
  qualityFlagThreshold: number;
  maxBatchSize: number;
  /** Single submissions committed together (subgraphs/trajectory/group-commit.ts). */
  groupCommit: { maxItems: number; maxInFlight: number };
}

/** One request's submissions, who sent them (as authenticated) and the audit row its transaction writes. */
interface CaptureRequest {
  inputs: readonly SubmissionInput[];
  /** Items already refused before the transaction (their image could not be taken), by position. */
  refused?: readonly (BadUserInputError | null)[];
  /** When each item arrived, by position, where that was not now (loading a history). */
  receivedAt?: readonly Date[] | undefined;
  by: ProvenIdentity;
  audit?: RequestAudit | undefined;
}

export type CaptureOutcome =
  { ok: true; trajectory: TrajectoryRow; created: boolean } | { ok: false; error: BadUserInputError | IdempotencyConflictError };

interface Prepared {
  index: number;
  by: ProvenIdentity;
  /** Chosen before insert so duplicates inside one batch can point at their original. */
  id: string;
  value: ValidSubmission;
  payloadHash: string;
  contentHash: string;
  /** When it arrived, if not now (a history loaded at once: demo/seed.ts). */
  receivedAt: Date | null;
}

/**
 * Validates and stores trajectories. A batch is one transaction: every accepted item is
 * stored with its reward or none is, and rejected items never block accepted ones.
 */
export class TrajectoryCapture {
  private readonly listeners: TrajectoryCaptureListener[];
  private readonly clock: () => Date;
  private readonly singles: GroupCommit<CaptureRequest, CaptureOutcome[]>;

  constructor(
    private readonly db: Database,
    private readonly options: CaptureOptions,
    private readonly hooks: CaptureHooks = {},
  ) {
    this.listeners = hooks.listeners ?? [];
    this.clock = hooks.clock ?? (() => new Date());
    this.singles = new GroupCommit((requests) => this.store(requests), options.groupCommit);
  }

  /** One submission; those arriving together share a transaction, each with its own outcome and audit row. */
  async submit(
    input: SubmissionInput,
    by: ProvenIdentity,
    audit?: RequestAudit,
  ): Promise<{ trajectory: TrajectoryRow; created: boolean }> {
    const taken = await this.takeImages([input]);
    const [outcome] = await this.singles.submit({ ...taken, by, audit });
    if (!outcome) throw new Error('capture returned no outcome');
    if (!outcome.ok) throw outcome.error;
    return outcome;
  }

  /**
   * `audit` records the mutation in the capture transaction when anything was accepted.
   * `receivedAt` (by position, none later than the capture's clock) dates the items of a
   * history loaded in one batch, so it reads as it arrived; callers over the API never set it.
   */
  async submitMany(
    inputs: readonly SubmissionInput[],
    by: ProvenIdentity,
    audit?: RequestAudit,
    options: { receivedAt?: readonly Date[] } = {},
  ): Promise<CaptureOutcome[]> {
    if (inputs.length > this.options.maxBatchSize) {
      throw new AppError(
        ErrorCode.BATCH_TOO_LARGE,
        `A batch holds at most ${this.options.maxBatchSize} trajectories; got ${inputs.length}. Split it.`,
        { maxBatchSize: this.options.maxBatchSize },
      );
    }
    const [outcomes] = await this.store([{ ...(await this.takeImages(inputs)), by, audit, receivedAt: options.receivedAt }]);
    if (!outcomes) throw new Error('capture returned no outcomes');
    return outcomes;
  }

  /**
   * Takes the image bytes (or URL) out of each state: they are checked and stored by their
   * sha256 in object storage (images/image-library.ts), never in the trajectory row. Runs before
   * the capture transaction, so a slow fetch holds no database connection; an item whose image
   * is refused is refused as a whole, naming the field, and the others go on.
   */
  private async takeImages(
    inputs: readonly SubmissionInput[],
  ): Promise<{ inputs: SubmissionInput[]; refused: (BadUserInputError | null)[] }> {
    const refused: (BadUserInputError | null)[] = inputs.map(() => null);
    const stripped = await Promise.all(
      inputs.map(async (input, i) => {
        const image = imageOf(input.state);
        if (!image || image.content === undefined || image.content === null) return input;
        const { content, ...declared } = image;
        const state = { ...(input.state as Record<string, unknown>), image: declared };
        const errors = !this.hooks.images
          ? [{ path: 'state.image.content', message: 'this service does not take image bytes' }]
          : isDeclared(declared)
            ? await this.hooks.images.ingest(content as ImageContent, declared)
            : []; // the validator reports what is wrong with the declaration itself
        if (errors.length > 0) refused[i] = new BadUserInputError(describe(errors), errors);
        return { ...input, state };
      }),
    );
    return { inputs: stripped, refused };
  }

  /**
   * Stores the submissions of one or more requests in one transaction: every accepted item with
   * its reward, or none. Returns each request's outcomes; each request that had anything accepted
   * writes its own audit row.
   */
  private async store(requests: readonly CaptureRequest[]): Promise<CaptureOutcome[][]> {
    const items = requests.flatMap((r) =>
      r.inputs.map((input, i) => ({ input, by: r.by, refused: r.refused?.[i] ?? null, receivedAt: r.receivedAt?.[i] ?? null })),
    );
    // The flat list of outcomes cut back into each request's share.
    const perRequest = <T>(all: readonly T[]): T[][] => {
      let first = 0;
      return requests.map((r) => all.slice(first, (first += r.inputs.length)));
    };
    const now = this.clock();
    const outcomes: (CaptureOutcome | undefined)[] = new Array(items.length);
    const prepared: Prepared[] = [];
    items.forEach(({ input, by, refused, receivedAt }, index) => {
      if (refused) {
        outcomes[index] = { ok: false, error: refused };
        return;
      }
      const result = validateSubmission(input, { ...this.options, now });
      if (!result.ok) {
        outcomes[index] = { ok: false, error: new BadUserInputError(describe(result.errors), result.errors) };
        return;
      }
      const v = result.value;
      const contentHash = canonicalHash(v.state);
      prepared.push({
        index,
        by,
        id: randomUUID(),
        receivedAt,
        value: v,
        contentHash,
        // Derived from the content hash so the (large) state is normalised once, not twice.
        payloadHash: sha256Hex(`${contentHash}\n${canonicalJson({ submittedBy: v.submittedBy, metadata: v.metadata })}`),
      });
    });

    await this.db.transaction(async (tx) => {
      const repeats = await this.resolveIdempotentReplays(tx, prepared, outcomes);
      const fresh = prepared.filter((p) => outcomes[p.index] === undefined && !repeats.has(p));
      if (fresh.length > 0) {
        const rows = await this.insertFresh(tx, fresh, now);
        const inserted = new Map(rows.map((r) => [r.id, r]));
        const lost: Prepared[] = [];
        for (const p of fresh) {
          const row = inserted.get(p.id);
          if (row) outcomes[p.index] = { ok: true, trajectory: row, created: true };
          else lost.push(p);
        }
        // Another transaction took these idempotency keys between our read and our insert.
        if (lost.length > 0) await this.resolveIdempotentReplays(tx, lost, outcomes);
        if (rows.length > 0) for (const l of this.listeners) await l.onCaptured(tx, rows);
      }
      for (const [p, earlier] of repeats) {
        const first = outcomes[earlier.index];
        outcomes[p.index] = first?.ok ? { ...first, created: false } : first;
      }
      const rejected = items.flatMap(({ input }, i) => {
        const o = outcomes[i];
        if (!o || o.ok) return [];
        const reasons =
          o.error instanceof BadUserInputError ? o.error.fieldErrors : [{ path: 'idempotencyKey', message: o.error.message }];
        const submittedBy =
          typeof input.submittedBy === 'string' && input.submittedBy.length <= 200 ? input.submittedBy : 'anonymous';
        return [{ submittedBy, reasons, rejectedAt: now }];
      });
      if (rejected.length > 0) await tx.insert(trajectoryRejections).values(rejected);
      const shares = perRequest(outcomes);
      for (const [i, { audit }] of requests.entries()) if (audit && shares[i]?.some((o) => o?.ok)) await audit.record(tx);
    });
    const done = outcomes.map((o) => {
      if (!o) throw new Error('capture left an item without an outcome');
      return o;
    });
    this.hooks.observer?.observe(done);
    return perRequest(done);
  }

  /**
   * Items whose idempotency key is already stored get the stored trajectory back (or a
   * conflict). Returns the items that repeat a key used earlier in this batch, mapped to
   * that earlier item, to be answered once it is stored.
   */
  private async resolveIdempotentReplays(
    tx: Executor,
    items: Prepared[],
    outcomes: (CaptureOutcome | undefined)[],
  ): Promise<Map<Prepared, Prepared>> {
    const repeats = new Map<Prepared, Prepared>();
    const keys = [...new Set(items.flatMap((p) => (p.value.idempotencyKey ? [p.value.idempotencyKey] : [])))];
    const stored = keys.length ? await tx.select().from(trajectories).where(inArray(trajectories.idempotencyKey, keys)) : [];
    const byKey = new Map(stored.map((r) => [r.idempotencyKey as string, r]));
    const firstInBatch = new Map<string, Prepared>();
    for (const p of items) {
      const key = p.value.idempotencyKey;
      if (!key) continue;
      const row = byKey.get(key);
      if (row) {
        outcomes[p.index] =
          row.payloadHash === p.payloadHash
            ? { ok: true, trajectory: row, created: false }
            : { ok: false, error: new IdempotencyConflictError(key, row.id) };
        continue;
      }
      const earlier = firstInBatch.get(key);
      if (!earlier) {
        firstInBatch.set(key, p);
        continue;
      }
      if (earlier.payloadHash === p.payloadHash) repeats.set(p, earlier);
      else outcomes[p.index] = { ok: false, error: new IdempotencyConflictError(key, `item ${earlier.index} of this batch`) };
    }
    return repeats;
  }

  private async insertFresh(tx: Executor, fresh: Prepared[], now: Date): Promise<TrajectoryRow[]> {
    const hashes = [...new Set(fresh.map((p) => p.contentHash))];
    const earlier = await tx
      .select({ id: trajectories.id, contentHash: trajectories.contentHash })
      .from(trajectories)
      .where(inArray(trajectories.contentHash, hashes))
      .orderBy(asc(trajectories.submittedAt), asc(trajectories.id));
    const originalOf = new Map<string, string>();
    for (const e of earlier) if (!originalOf.has(e.contentHash)) originalOf.set(e.contentHash, e.id);

    const values: TrajectoryRow[] = fresh.map((p) => {
      const id = p.id;
      const duplicateOf = originalOf.get(p.contentHash) ?? null;
      if (!duplicateOf) originalOf.set(p.contentHash, id);
      const { state, quality } = p.value;
      const issues = duplicateOf
        ? [
            ...quality.issues,
            {
              code: 'DUPLICATE_CONTENT',
              path: null,
              message: `same content as trajectory ${duplicateOf}`,
              severity: 'INFO' as const,
              penalty: 0,
            },
          ]
        : quality.issues;
      return {
        id,
        idempotencyKey: p.value.idempotencyKey,
        payloadHash: p.payloadHash,
        contentHash: p.contentHash,
        duplicateOf,
        imageSha256: state.image.sha256,
        audience: state.audience,
        topic: state.image.topic,
        modality: state.image.modality,
        state,
        metadata: p.value.metadata,
        submittedBy: p.value.submittedBy,
        submittedByIndex: blindIndex(p.value.submittedBy),
        submitterId: p.by.id,
        submitterIdIndex: blindIndex(p.by.id),
        submitterName: p.by.name,
        // Set here, not by the database, so cursors (millisecond precision) match rows exactly.
        submittedAt: p.receivedAt ?? now,
        status: duplicateOf ? 'DUPLICATE' : quality.flagged ? 'LOW_QUALITY' : 'VALID',
        qualityScore: quality.score,
        flagged: quality.flagged,
        qualityIssues: issues,
        totalDurationMs: state.steps.reduce((s, step) => s + step.durationMs, 0),
        createdAt: now,
        updatedAt: now,
      };
    });
    const inserted = await bulkInsert(tx, trajectories, values, {
      onConflict: sql`on conflict (idempotency_key) where idempotency_key is not null do nothing`,
      returning: sql`id`,
    });
    const ids = new Set(inserted.map((r) => r.id));
    return values.filter((v) => ids.has(v.id));
  }
}

function describe(errors: FieldError[]): string {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return first ? `Invalid trajectory: ${first.path} ${first.message}${more}` : 'Invalid trajectory';
}
