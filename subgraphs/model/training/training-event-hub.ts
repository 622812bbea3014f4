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

  /**
   * A plain iterator rather than an async generator: `return()` (a client unsubscribing) must
   * end it at once, even while it waits for the next event, which a generator cannot do.
   */
  follow(runId: string): AsyncIterableIterator<TrainingEvent> {
    const queue: TrainingEvent[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    let lastSeq = 0;
    let replayed = 0;
    const deliver = (event: TrainingEvent) => {
      queue.push(event);
      wake?.();
    };
    // Listen before reading the history, so nothing published in between is lost.
    const set = this.followers.get(runId) ?? new Set();
    set.add(deliver);
    this.followers.set(runId, set);
    const close = () => {
      closed = true;
      set.delete(deliver);
      if (set.size === 0 && this.followers.get(runId) === set) this.followers.delete(runId);
      wake?.();
    };
    let history: Promise<TrainingEvent[]> | null = null;
    const finished: IteratorReturnResult<undefined> = { value: undefined, done: true };
    const iterator: AsyncIterableIterator<TrainingEvent> = {
      next: async () => {
        history ??= this.runs.get(runId).then(async (run) => {
          if (!run) throw new NotFoundError('Training run', runId);
          return this.runs.history(runId);
        });
        let replay: TrainingEvent[];
        try {
          replay = await history;
        } catch (err) {
          close();
          throw err;
        }
        while (!closed) {
          const event = replayed < replay.length ? replay[replayed++] : queue.shift();
          if (!event) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
          }
          if (event.seq <= lastSeq) continue;
          lastSeq = event.seq;
          // The final status is delivered, then the stream ends.
          if (event.kind === 'STATUS' && TERMINAL_STATUSES.includes(event.status)) close();
          return { value: event, done: false };
        }
        return finished;
      },
      return: async () => {
        close();
        return finished;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
