import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds and resident memory of a set of processes, read from /proc (Linux only). Used by
 * the load benchmark to say where the machine's two cores went during a leg: the gateway under
 * test, the subgraphs, Postgres.
 */
export interface ProcessSample {
  cpuSeconds: number;
  rssBytes: number;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux x86-64 and arm64
const PAGE_BYTES = 4096;

interface Stat {
  pid: number;
  comm: string;
  pgrp: number;
  cpuSeconds: number;
  rssBytes: number;
}

function stat(pid: number, path = `/proc/${pid}/stat`): Stat | null {
  try {
    const text = readFileSync(path, 'utf8');
    // The command name is in parentheses and may hold spaces; fields are counted after it.
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    const num = (i: number) => Number(fields[i - 3]);
    return { pid, comm, pgrp: num(5), cpuSeconds: (num(14) + num(15)) / TICKS_PER_SECOND, rssBytes: num(24) * PAGE_BYTES };
  } catch {
    return null; // the process ended between listing and reading
  }
}

function all(): Stat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => stat(Number(d)))
    .filter((s): s is Stat => s !== null);
}

function sum(stats: Stat[]): ProcessSample {
  return stats.reduce((a, s) => ({ cpuSeconds: a.cpuSeconds + s.cpuSeconds, rssBytes: a.rssBytes + s.rssBytes }), {
    cpuSeconds: 0,
    rssBytes: 0,
  });
}

/** Every process in a process group (a detached child and what it started). */
export function processGroup(pgid: number): ProcessSample {
  return sum(all().filter((s) => s.pgrp === pgid));
}

/** One process. */
export function processOf(pid: number): ProcessSample {
  return sum([stat(pid)].filter((s): s is Stat => s !== null));
}

/** Every process whose command name is `comm` (e.g. all of Postgres's backends). */
export function processesNamed(comm: string): ProcessSample {
  return sum(all().filter((s) => s.comm === comm));
}

/** One thread of a process (the main thread's id is the process id). */
export function threadOf(pid: number, tid: number): ProcessSample {
  const s = stat(pid, `/proc/${pid}/task/${tid}/stat`);
  return s ? { cpuSeconds: s.cpuSeconds, rssBytes: processOf(pid).rssBytes } : { cpuSeconds: 0, rssBytes: 0 };
}
