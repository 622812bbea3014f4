import type { Notifications } from '../../../db/client.js';
import { NotFoundError } from '../../../platform/errors.js';
import {
  eventFromWire,
  TERMINAL_STATUSES,
  TRAINING_EVENTS_CHANNEL,
  type TrainingEvent,
  type TrainingRunStore,
} from './training-runs.js';

/**
 * Delivers training events to this replica's subscribers, whichever replica trains the run:
 * one LISTEN per replica, fanned out by run id. A subscriber first gets the run's history,
 * then live events, each once and in order, and the stream ends after the final status.
 */
export class TrainingEventHub {
  private readonly followers = new Map<string, Set<(event: TrainingEvent) => void>>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly notifications: Notifications,
    private readonly runs: TrainingRunStore,
  ) {}

  async start(): Promise<void> {
    this.unlisten ??= await this.notifications.listen(TRAINING_EVENTS_CHANNEL, (payload) => {
      const event = eventFromWire(payload);
      for (const deliver of this.followers.get(event.runId) ?? []) deliver(event);
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  async *follow(runId: string, signal?: AbortSignal): AsyncGenerator<TrainingEvent> {
    const queue: TrainingEvent[] = [];
    let wake: (() => void) | undefined;
    const deliver = (event: TrainingEvent) => {
      queue.push(event);
      wake?.();
    };
    const onAbort = () => wake?.();
    // Listen before reading the history, so nothing published in between is lost.
    const set = this.followers.get(runId) ?? new Set();
    set.add(deliver);
    this.followers.set(runId, set);
    signal?.addEventListener('abort', onAbort);
    try {
      const run = await this.runs.get(runId);
      if (!run) throw new NotFoundError('Training run', runId);
      let lastSeq = 0;
      for (const event of await this.runs.history(runId)) {
        lastSeq = event.seq;
        yield event;
        if (event.kind === 'STATUS' && TERMINAL_STATUSES.includes(event.status)) return;
      }
      while (!signal?.aborted) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        yield event;
        if (event.kind === 'STATUS' && TERMINAL_STATUSES.includes(event.status)) return;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      set.delete(deliver);
      if (set.size === 0) this.followers.delete(runId);
    }
  }
}
