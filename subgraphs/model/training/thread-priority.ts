import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread only (Linux: setpriority(2) on a thread
 * id affects that thread). Training is batch work that can wait; requests cannot. On a machine
 * with few cores a training thread at full priority takes a core from request handling, and
 * reads slow down while a run trains; niced, it gets the CPU that requests leave idle.
 * Returns what happened, for the log; never throws (other systems simply keep the priority).
 */
export function niceThisThread(niceness: number): string {
  if (niceness === 0) return 'training thread at normal priority (TRAINING_NICE=0)';
  try {
    // /proc/thread-self -> "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return 'training thread priority unchanged (no thread id)';
    setPriority(tid, niceness);
    return `training thread niced to ${niceness}`;
  } catch (err) {
    return `training thread priority unchanged (${err instanceof Error ? err.message : String(err)})`;
  }
}
