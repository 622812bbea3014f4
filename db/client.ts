import { fileURLToPath } from 'node:url';
import { mkdirSync, readFileSync } from 'node:fs';
import { checkServerIdentity, type ConnectionOptions } from 'node:tls';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDirectory, type DirectoryLock } from './embedded-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The one database type the code sees, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the database or an open transaction: stores accept both so callers can compose writes. */
export type Executor = Database | Transaction;

/** The rows of `db.execute(sql)`: postgres-js returns an array of rows, PGlite `{ rows }`. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a path, "memory", or the URL without its password. */
  location: string;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** LISTEN/NOTIFY: the server's own on Postgres, PGlite's in-process equivalent when embedded. */
  notifications: Notifications;
  /** How the job queue (pg-boss) reaches this database. */
  jobQueue: JobQueueConnection;
}

export interface Notifications {
  /** Resolves once listening; the returned function stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

/** pg-boss opens its own pool on a server; on PGlite it runs its SQL through ours. */
export type JobQueueConnection =
  | { connectionString: string; max: number }
  | { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

export interface DatabaseOptions {
  /** postgres://… → the postgres driver; unset → embedded PGlite. */
  url?: string | undefined;
  /** PGlite data directory; unset with no url → in memory. */
  dataDir?: string | undefined;
  poolMax?: number;
}

// Beside this module, in the sources and in a build (which copies db/migrations next to client.js).
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * libpq's TLS settings in a URL, for postgres-js: it reads `sslmode` but not `sslrootcert` (a CA
 * file), so with `verify-full`/`verify-ca` and a CA file the connection would be checked against
 * the system's CAs only, and a private CA's server refused. Here the CA file is read and passed
 * as the TLS options (verify-full also checks the server's name against the host; Node does that
 * by default). node-postgres (pg-boss) reads the same URL itself.
 */
export function postgresTls(url: string): { url: string; ssl?: ConnectionOptions } {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get('sslmode');
  const rootCert = parsed.searchParams.get('sslrootcert');
  if ((mode !== 'verify-full' && mode !== 'verify-ca') || !rootCert || rootCert === 'system') return { url };
  parsed.searchParams.delete('sslmode');
  parsed.searchParams.delete('sslrootcert');
  return {
    url: parsed.toString(),
    ssl: {
      ca: readFileSync(rootCert),
      rejectUnauthorized: true,
      // verify-full: the certificate must name the host of the URL (the driver hands TLS a
      // connected socket, so Node would otherwise check "localhost"); verify-ca: any name.
      checkServerIdentity:
        mode === 'verify-ca'
          ? () => undefined
          : (_name, cert) => checkServerIdentity(parsed.hostname.replace(/^\[|\]$/g, ''), cert),
    },
  };
}

/** A TLS failure at connect, said plainly: which server, which CA, what did not match. */
export class DatabaseTlsError extends Error {
  constructor(location: string, cause: Error) {
    super(
      `Postgres at ${location} failed the TLS check (${cause.message}). With sslmode=verify-full the server's certificate must be signed by the CA in sslrootcert and name the host you connect to; check DATABASE_URL's host, sslrootcert and the server's certificate.`,
    );
    this.name = 'DatabaseTlsError';
  }
}

const TLS_ERRORS = /certificate|self[- ]signed|unable to (get|verify)|Hostname\/IP does not match|ERR_TLS|CERT_/i;
export const explainTls = (location: string) => (err: unknown) => {
  if (err instanceof Error && (TLS_ERRORS.test(err.message) || TLS_ERRORS.test(String((err as { code?: unknown }).code ?? ''))))
    throw new DatabaseTlsError(location, err);
  throw err;
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const tlsUrl = postgresTls(options.url);
    const sql = postgres(tlsUrl.url, {
      ...(tlsUrl.ssl ? { ssl: tlsUrl.ssl } : {}),
      max: options.poolMax ?? 10,
      onnotice: () => undefined,
      // Supervisors restart us; a connection left idle by a crashed peer should not pin a slot.
      idle_timeout: 30,
      // After the server goes away, retry a connection within a second at most (the default
      // backoff grows to 20 s, so a database restart of a few seconds could cost half a minute).
      backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 1),
    });
    const db = drizzlePostgres(preparedStatements(sql), { schema, casing: 'snake_case' });
    return {
      db,
      kind: 'postgres',
      location: redact(options.url),
      migrate: () =>
        migrateUnderLock(options.url ?? '', () => migratePostgres(db, { migrationsFolder })).catch(
          explainTls(redact(options.url ?? '', { withoutQuery: true })),
        ),
      ping: async () => {
        await sql`select 1`.catch(explainTls(redact(options.url ?? '', { withoutQuery: true })));
      },
      close: () => sql.end({ timeout: 5 }),
      notifications: {
        listen: async (channel, onPayload) => {
          const { unlisten } = await sql.listen(channel, onPayload);
          return unlisten;
        },
        notify: async (channel, payload) => {
          await sql.notify(channel, payload);
        },
      },
      jobQueue: { connectionString: options.url, max: 2 },
    };
  }
  let dataDir: string | undefined;
  let lock: DirectoryLock | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir, 'pglite');
    mkdirSync(dataDir, { recursive: true });
    // Before PGlite reads a page: a second process on the same directory loses writes silently.
    lock = lockDirectory(dataDir);
  }
  let client: PGlite;
  try {
    client = dataDir ? new PGlite(dataDir) : new PGlite();
    await client.waitReady;
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzlePglite(tracedPglite(client), { schema, casing: 'snake_case' });
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
    notifications: {
      listen: (channel, onPayload) => client.listen(channel, onPayload),
      notify: async (channel, payload) => {
        await client.query('select pg_notify($1, $2)', [channel, payload]);
      },
    },
    jobQueue: {
      db: {
        // pg-boss sends its schema migrations as several statements without parameters;
        // PGlite runs those through exec (simple protocol) and everything else as one query.
        executeSql: async (text, values) => {
          if (values === undefined || values.length === 0) {
            const results = await client.exec(text);
            return { rows: results.at(-1)?.rows ?? [] };
          }
          return { rows: (await client.query(text, values)).rows };
        },
      },
    },
  };
}

/**
 * drizzle runs its queries through `sql.unsafe(text, params, { prepare: false })`; unprepared
 * queries with parameters cost postgres-js two round trips each (describe, then execute).
 * Preparing them (cached per connection by query text) makes it one round trip — about half
 * the latency of every statement on the ingest path (docs/performance.md).
 */
function preparedStatements<S extends Pick<postgres.Sql, 'unsafe'>>(sql: S): S {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          traced(target.unsafe(query, params, { ...options, prepare: true }), query);
      }
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const begin = (Reflect.get(target, 'begin') as (...a: unknown[]) => Promise<unknown>).bind(target);
          return begin(...args, (tx: postgres.TransactionSql) => callback(preparedStatements(tx)));
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

const tracer = trace.getTracer('medillustrator-db');

/**
 * A client span for one query when the request is traced (platform/tracing.ts), ended when the
 * query settles. postgres-js runs a query one tick after its first `then`, so drizzle's chained
 * `.values()` still applies. Untraced requests pay one no-op span check.
 */
function traced<Q extends PromiseLike<unknown>>(query: Q, text: string): Q {
  // Only inside a traced request: background work (sweepers, rotation) would be a root trace per query.
  if (!trace.getSpan(context.active())?.isRecording()) return query;
  const span = tracer.startSpan('db.query', {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.query.text': text.slice(0, 1000) },
  });
  query.then(
    () => span.end(),
    (err: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      span.end();
    },
  );
  return query;
}

/** PGlite with its top-level queries traced as postgres-js's are (transactions run untraced). */
function tracedPglite(client: PGlite): PGlite {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'query') {
        return (text: string, ...rest: unknown[]) =>
          traced((target.query as (t: string, ...r: unknown[]) => Promise<unknown>).call(target, text, ...rest), text);
      }
      // PGlite's methods use private fields: they must run on the instance itself.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Any number; the same in every process, so all migrators of one database share the lock. */
export const MIGRATION_LOCK_KEY = 7_104_221_993;

/**
 * drizzle's migrator takes no lock: several replicas starting at once would each apply the same
 * migration. A session-level advisory lock, held on its own connection (the migrator's pool may
 * have one connection only), makes them take turns: the first applies, the rest find nothing
 * left to do. The lock goes with its connection, so a migrator that dies releases it.
 */
async function migrateUnderLock(url: string, run: () => Promise<void>): Promise<void> {
  const tlsUrl = postgresTls(url);
  const lock = postgres(tlsUrl.url, { max: 1, onnotice: () => undefined, ...(tlsUrl.ssl ? { ssl: tlsUrl.ssl } : {}) });
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await run();
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await lock.end({ timeout: 5 });
  }
}

function redact(url: string, options: { withoutQuery?: boolean } = {}): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (options.withoutQuery) u.search = '';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
