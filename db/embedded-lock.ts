import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';

/** Who holds an embedded database directory: written into its lock file, read by whoever is refused. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** The holder's command line, shortened: "node app/start.ts" says more than a pid. */
  command: string;
  startedAt: string;
}

/**
 * A second process opened the same PGlite directory. PGlite keeps its pages in memory and writes
 * them back on close, so two processes each see their own copy and the last to close wins:
 * whatever the other wrote is lost without an error. Refusing is the only safe answer.
 */
export class DatabaseLockedError extends Error {
  readonly code = 'DATABASE_LOCKED';
  constructor(
    readonly directory: string,
    readonly holder: LockHolder,
  ) {
    super(
      [
        `The embedded database in ${directory} is in use by process ${holder.pid} (${holder.command}, since ${holder.startedAt}).`,
        'Only one process may open it at a time: a second one would silently lose what either of them writes.',
        'Instead: run this command while the platform is up and it goes through the gateway (apikey, train, search, model,',
        'demo and db:migrate all do), or stop that process first (Ctrl-C), or give this one its own DATA_DIR,',
        'or use Postgres (DATABASE_URL), which many processes share safely.',
      ].join('\n'),
    );
    this.name = 'DatabaseLockedError';
  }
}

export interface DirectoryLock {
  readonly file: string;
  release(): void;
}

/** Locks held by this process, so a second open in the same process is refused as well. */
const heldHere = new Set<string>();

/**
 * An exclusive lock on an embedded database directory (the file `<directory>.lock` beside it), as Postgres's own postmaster.pid is:
 * a file created with O_EXCL that names its holder. A lock whose holder is gone (killed, the
 * machine restarted) is taken over; the takeover itself runs under a second O_EXCL file, so two
 * processes finding the same stale lock cannot both win. Released on close and on exit.
 */
export function lockDirectory(directory: string): DirectoryLock {
  const file = `${directory}.lock`;
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: describeCommand(process.argv),
    startedAt: new Date().toISOString(),
  };
  if (heldHere.has(file)) throw new DatabaseLockedError(directory, readHolder(file) ?? me);
  if (!tryCreate(file, me)) {
    takeOverIfStale(file);
    if (!tryCreate(file, me)) throw new DatabaseLockedError(directory, readHolder(file) ?? unknownHolder());
  }
  heldHere.add(file);
  const onExit = () => removeIfMine(file);
  process.once('exit', onExit);
  return {
    file,
    release() {
      if (!heldHere.delete(file)) return;
      process.removeListener('exit', onExit);
      removeIfMine(file);
    },
  };
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function takeOverIfStale(file: string): void {
  const guard = `${file}.takeover`;
  // A takeover lasts microseconds; a guard older than this was left by a process that died in it.
  try {
    if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
  } catch {
    // no guard, or another process removed it first
  }
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch {
    return; // another process is taking over; our next create fails and reports its holder
  }
  try {
    const holder = readHolder(file);
    // A file we cannot read was cut short by a crash between create and write: nobody holds it.
    if (holder === null || !isAlive(holder)) unlinkSync(file);
  } catch {
    // removed meanwhile: the next create decides
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

function isAlive(holder: LockHolder): boolean {
  // A pid is only meaningful on the machine that wrote it; a lock from another host (a shared
  // volume) is treated as held, since we cannot tell.
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return false; // ours from an earlier life of this pid, not held now (see heldHere)
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      command: typeof parsed.command === 'string' ? parsed.command : 'unknown command',
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : 'an unknown time',
    };
  } catch {
    return null;
  }
}

function removeIfMine(file: string): void {
  try {
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  } catch {
    // already gone
  }
}

function describeCommand(argv: readonly string[]): string {
  const [exe, ...args] = argv;
  return [basename(exe ?? 'node'), ...args.map((a) => a.replace(`${process.cwd()}/`, ''))].join(' ').slice(0, 200);
}

const unknownHolder = (): LockHolder => ({ pid: 0, hostname: '?', command: 'unknown command', startedAt: 'an unknown time' });
