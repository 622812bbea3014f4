import { eq, lt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { blindIndex, indexMatches } from '../../db/encryption/columns.js';
import { educatorFeedback } from '../../db/schema/reward.js';
import { apiKeys, auditLog, subjectDeletions, type SubjectDeletionRow } from '../../db/schema/security.js';
import { trajectories } from '../../db/schema/trajectory.js';
import type { RemovalListener } from '../../domain/data-removal.js';
import { BadUserInputError, present } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { RequestAudit } from '../../platform/security/audit-log.js';
import type { ApiKeyStore } from '../../platform/security/api-keys.js';
import type { ProvenIdentity } from '../../platform/security/caller.js';

/** What stands where a person's name or identity was. */
export const ERASED = 'erased';

export interface RetentionOptions {
  /** Trajectories (with their rewards and ratings) older than this are deleted; 0 keeps them. */
  trajectoryDays: number;
  /** Audit rows older than this are deleted; 0 keeps them. */
  auditDays: number;
  checkIntervalMs: number;
}

const DAY_MS = 86_400_000;

/**
 * A person's data on request, and how long data is kept. Erasure deletes the person's ratings
 * (history included) and anonymises their submissions, their key and the audit rows that name
 * them, in one transaction, and records that it happened. Nothing is retrained: the next
 * training run simply lacks the ratings.
 */
export class DataLifecycle {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeyStore,
    private readonly retention: RetentionOptions,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly listeners: readonly RemovalListener[] = [],
  ) {}

  /** After commit: each owner removes what hangs off the removed trajectories (their images). */
  private async removed(rows: readonly { id: string; imageSha256: string }[]): Promise<void> {
    if (rows.length === 0) return;
    const removed = { trajectoryIds: rows.map((r) => r.id), imageSha256s: rows.map((r) => r.imageSha256) };
    for (const listener of this.listeners) {
      await listener.onRemoved(removed).catch((err: unknown) => this.log.error({ err }, 'removal listener failed'));
    }
  }

  /**
   * `subject` is an API key (its id or public id) or a stored identity as records show it
   * (e.g. `unverified:dr.okafor` for ratings from before identities were proven).
   */
  async deleteSubject(subject: string, by: ProvenIdentity, audit?: RequestAudit): Promise<SubjectDeletionRow> {
    const trimmed = subject.trim();
    if (trimmed.length === 0 || trimmed.length > 300) {
      throw new BadUserInputError('subject must be 1..300 characters', [
        { path: 'subject', message: 'must be 1..300 characters' },
      ]);
    }
    const erased: { id: string; imageSha256: string }[] = [];
    const record = await this.db.transaction(async (tx) => {
      const key = await this.keys.find(trimmed, tx);
      const identity = key ? `api_key:${key.id}` : trimmed;
      const ratings = await tx
        .delete(educatorFeedback)
        .where(indexMatches(educatorFeedback.raterIdIndex, identity))
        .returning({ id: educatorFeedback.id });
      const submissions = await tx
        .update(trajectories)
        .set({
          submitterId: ERASED,
          submitterIdIndex: blindIndex(ERASED),
          submitterName: ERASED,
          submittedBy: ERASED,
          submittedByIndex: blindIndex(ERASED),
          metadata: null,
          updatedAt: this.clock(),
        })
        .where(indexMatches(trajectories.submitterIdIndex, identity))
        .returning({ id: trajectories.id, imageSha256: trajectories.imageSha256 });
      erased.push(...submissions);
      const audited = key
        ? await tx
            .update(auditLog)
            .set({ keyId: null, keyName: ERASED })
            .where(eq(auditLog.keyId, key.id))
            .returning({ id: auditLog.id })
        : [];
      if (key) {
        await this.keys.revoke(key.id, tx);
        await tx.update(apiKeys).set({ name: ERASED }).where(eq(apiKeys.id, key.id));
      }
      const [row] = await tx
        .insert(subjectDeletions)
        .values({
          // Keyed when encryption is on, so the record cannot be matched against guessed identities.
          subjectDigest: blindIndex(identity),
          requestedBy: by.name,
          ratingsDeleted: ratings.length,
          trajectoriesAnonymised: submissions.length,
          auditRowsAnonymised: audited.length,
        })
        .returning();
      await audit?.record(tx);
      return present(row, 'the deletion record');
    });
    // The images they submitted go too (unless someone else's trajectory shows the same image).
    await this.removed(erased);
    return record;
  }

  /** Deletes what is older than the retention settings allow. */
  async applyRetention(): Promise<{ trajectoriesDeleted: number; auditRowsDeleted: number }> {
    const now = this.clock().getTime();
    const { trajectoryDays, auditDays } = this.retention;
    const before = (days: number) => new Date(now - days * DAY_MS);
    const deletedTrajectories =
      trajectoryDays > 0
        ? await this.db
            .delete(trajectories)
            .where(lt(trajectories.submittedAt, before(trajectoryDays)))
            .returning({ id: trajectories.id, imageSha256: trajectories.imageSha256 })
        : [];
    await this.removed(deletedTrajectories);
    const deletedAudit =
      auditDays > 0
        ? await this.db
            .delete(auditLog)
            .where(lt(auditLog.at, before(auditDays)))
            .returning({ id: auditLog.id })
        : [];
    return { trajectoriesDeleted: deletedTrajectories.length, auditRowsDeleted: deletedAudit.length };
  }

  /** Applies retention now and then every `checkIntervalMs`, while anything is to be kept for a limited time. */
  start(): void {
    if (this.retention.trajectoryDays <= 0 && this.retention.auditDays <= 0) return;
    const run = () =>
      this.applyRetention()
        .then((r) => {
          if (r.trajectoriesDeleted || r.auditRowsDeleted) this.log.info(r, 'retention applied');
        })
        .catch((err: unknown) => this.log.error({ err }, 'retention cleanup failed'));
    void run();
    this.timer = setInterval(run, this.retention.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
