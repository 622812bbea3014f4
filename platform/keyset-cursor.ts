import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { BadUserInputError } from './errors.js';
import { isUuid } from './ids.js';

/**
 * Opaque keyset cursor over (timestamp desc, id desc): stable while new rows arrive, unlike
 * offsets. Timestamps are set by the services with millisecond precision, so they round-trip.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && isUuid(v[1])) {
      const at = new Date(v[0]);
      if (!Number.isNaN(at.getTime())) return { at, id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError('after is not a cursor returned by this API', [{ path: 'after', message: 'invalid cursor' }]);
}

/** Rows strictly after the cursor in (timestamp desc, id desc) order. */
export function keysetAfter(at: AnyColumn, id: AnyColumn, cursor: { at: Date; id: string }): SQL {
  return sql`(${at}, ${id}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`;
}

/** A Relay connection over one keyset page: edges with their cursors and where the page ends. */
export function connection<T, Extra extends object = object>(
  nodes: readonly T[],
  cursorOf: (node: T) => string,
  hasNextPage: boolean,
  extra?: Extra,
): { edges: { node: T; cursor: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } & Extra {
  const edges = nodes.map((node) => ({ node, cursor: cursorOf(node) }));
  return { ...(extra as Extra), edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
