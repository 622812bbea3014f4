import { and, count, desc, eq, gte, inArray, lt, lte, sql, type SQL, getTableColumns } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { indexMatches } from '../../db/encryption/columns.js';
import { isBuiltInModality, MODALITIES } from '../../domain/assessment/state.js';
import { captureRate } from '../../domain/capture.js';
import { trajectories, trajectoryRejections, type TrajectoryRow, type TrajectoryStatus } from '../../db/schema/trajectory.js';
import { BadUserInputError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { decodeCursor, encodeCursor, keysetAfter } from '../../platform/keyset-cursor.js';
import { modalityToMatch } from '../../platform/scalars.js';

export interface TrajectoryFilter {
  audience?: readonly string[] | null;
  status?: readonly TrajectoryStatus[] | null;
  minQuality?: number | null;
  maxQuality?: number | null;
  submittedAfter?: string | null;
  submittedBefore?: string | null;
  imageSha256?: string | null;
  submittedBy?: string | null;
  topic?: string | null;
  modality?: readonly string[] | null;
}

/** A listed trajectory: every column but the state, which resolvers load only when asked for. */
export type TrajectorySummary = Omit<TrajectoryRow, 'state'> & { state?: TrajectoryRow['state'] };
const { state: _state, ...SUMMARY_COLUMNS } = getTableColumns(trajectories);

export interface Page {
  rows: TrajectorySummary[];
  hasNextPage: boolean;
  /** Counted only when a query asks for it: a count over the filter scans every match. */
  totalCount: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;

export const encodeTrajectoryCursor = (row: Pick<TrajectoryRow, 'submittedAt' | 'id'>) => encodeCursor(row.submittedAt, row.id);

/** Reads of captured trajectories: by id, paged and filtered, and capture statistics. */
export class TrajectoryStore {
  constructor(private readonly db: Database) {}

  async statesByIds(ids: readonly string[]): Promise<(TrajectoryRow['state'] | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length
      ? await this.db
          .select({ id: trajectories.id, state: trajectories.state })
          .from(trajectories)
          .where(inArray(trajectories.id, valid))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r.state]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async byIds(ids: readonly string[]): Promise<(TrajectoryRow | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.db.select().from(trajectories).where(inArray(trajectories.id, valid)) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async list(args: { first: number; after?: string | null; filter?: TrajectoryFilter | null }): Promise<Page> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`first must be 1..${MAX_PAGE_SIZE}`, [
        { path: 'first', message: `must be 1..${MAX_PAGE_SIZE}` },
      ]);
    }
    const where = this.filterSql(args.filter ?? {});
    const cursor = args.after ? decodeCursor(args.after) : null;
    const pageWhere = cursor ? and(where, keysetAfter(trajectories.submittedAt, trajectories.id, cursor)) : where;
    // The state (a few KB of JSON per row) is most of a row's bytes and parsing time; a page of
    // ids, statuses or quality needs none of it (docs/performance.md).
    const rows = await this.db
      .select(SUMMARY_COLUMNS)
      .from(trajectories)
      .where(pageWhere)
      .orderBy(desc(trajectories.submittedAt), desc(trajectories.id))
      .limit(args.first + 1);
    let total: Promise<number> | undefined;
    const totalCount = () =>
      (total ??= this.db
        .select({ n: count() })
        .from(trajectories)
        .where(where)
        .then((r) => r[0]?.n ?? 0));
    return { rows: rows.slice(0, args.first), hasNextPage: rows.length > args.first, totalCount };
  }

  async captureStatistics(window: { since?: string | null; until?: string | null }) {
    const t = trajectories;
    const r = trajectoryRejections;
    const accepted = and(
      window.since ? gte(t.submittedAt, new Date(window.since)) : undefined,
      window.until ? lt(t.submittedAt, new Date(window.until)) : undefined,
    );
    const rejectedWhere = and(
      window.since ? gte(r.rejectedAt, new Date(window.since)) : undefined,
      window.until ? lt(r.rejectedAt, new Date(window.until)) : undefined,
    );
    const [[stats], [rej]] = await Promise.all([
      this.db
        .select({
          accepted: count(),
          lowQuality: sql<number>`count(*) filter (where ${t.status} = 'LOW_QUALITY')`.mapWith(Number),
          duplicates: sql<number>`count(*) filter (where ${t.status} = 'DUPLICATE')`.mapWith(Number),
          averageQuality: sql<number | null>`avg(${t.qualityScore})`.mapWith((v: string | null) =>
            v === null ? null : Number(v),
          ),
        })
        .from(t)
        .where(accepted),
      this.db.select({ rejected: count() }).from(r).where(rejectedWhere),
    ]);
    const acceptedN = stats?.accepted ?? 0;
    const rejectedN = rej?.rejected ?? 0;
    return {
      since: window.since ?? null,
      until: window.until ?? null,
      accepted: acceptedN,
      rejected: rejectedN,
      lowQuality: stats?.lowQuality ?? 0,
      duplicates: stats?.duplicates ?? 0,
      captureRate: captureRate(acceptedN, rejectedN),
      averageQuality: stats?.averageQuality ?? null,
    };
  }

  /** The modality vocabulary as the data has it: built-in codes first, then every code seen. */
  async modalities(): Promise<
    { code: string; builtIn: boolean; trajectoryCount: number; firstSeenAt: Date | null; lastSeenAt: Date | null }[]
  > {
    const t = trajectories;
    const seen = await this.db
      .select({
        code: t.modality,
        trajectoryCount: count(),
        firstSeenAt: sql<Date>`min(${t.submittedAt})`.mapWith(t.submittedAt),
        lastSeenAt: sql<Date>`max(${t.submittedAt})`.mapWith(t.submittedAt),
      })
      .from(t)
      .groupBy(t.modality);
    const byCode = new Map(seen.map((s) => [s.code, s]));
    const builtIn = MODALITIES.map((code) => ({
      code,
      builtIn: true,
      trajectoryCount: 0,
      firstSeenAt: null,
      lastSeenAt: null,
      ...byCode.get(code),
    }));
    const added = seen
      .filter((s) => !isBuiltInModality(s.code))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((s) => ({ ...s, builtIn: false }));
    return [...builtIn, ...added];
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(trajectories);
    return row?.n ?? 0;
  }

  private filterSql(f: TrajectoryFilter): SQL | undefined {
    const t = trajectories;
    for (const [name, v] of [
      ['minQuality', f.minQuality],
      ['maxQuality', f.maxQuality],
    ] as const) {
      if (v != null && (v < 0 || v > 1))
        throw new BadUserInputError(`${name} must be 0..1`, [{ path: `filter.${name}`, message: 'must be 0..1' }]);
    }
    return and(
      f.audience?.length ? inArray(t.audience, [...f.audience]) : undefined,
      f.status?.length ? inArray(t.status, [...f.status]) : undefined,
      f.minQuality != null ? gte(t.qualityScore, f.minQuality) : undefined,
      f.maxQuality != null ? lte(t.qualityScore, f.maxQuality) : undefined,
      f.submittedAfter ? gte(t.submittedAt, new Date(f.submittedAfter)) : undefined,
      f.submittedBefore ? lt(t.submittedAt, new Date(f.submittedBefore)) : undefined,
      f.imageSha256 ? eq(t.imageSha256, f.imageSha256.toLowerCase()) : undefined,
      f.submittedBy ? indexMatches(t.submittedByIndex, f.submittedBy) : undefined,
      f.modality?.length
        ? inArray(
            t.modality,
            f.modality.map((m) => modalityToMatch(m, 'filter.modality')),
          )
        : undefined,
      f.topic ? sql`${t.topic} ilike ${`%${f.topic.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
    );
  }
}
