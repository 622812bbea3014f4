import { AppError, ErrorCode } from '../platform/errors.js';
import { isQueryFetch, subgraphFetch, type SubgraphFetch } from './subgraph-fetch.js';

export interface ResilienceOptions {
  timeoutMs: number;
  queryRetries: number;
  circuitFailures: number;
  circuitCooldownMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** A subgraph did not answer (down, timed out, or its circuit is open): its fields fail, the rest of the query does not. */
export class SubgraphUnavailableError extends AppError {
  constructor(subgraph: string, reason: string, retryAfterSeconds?: number) {
    super(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${subgraph} service is unavailable (${reason}); other fields are unaffected.`, {
      subgraph,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    });
  }
}

/**
 * A circuit breaker per subgraph: after `circuitFailures` failures in a row the circuit opens,
 * and for `circuitCooldownMs` the gateway fails that subgraph's fields at once, so a dead
 * subgraph adds no latency (and takes no connections). Then one trial request is let through
 * (half-open): success closes the circuit, failure opens it again.
 */
export class SubgraphCircuit {
  private failures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(
    readonly subgraph: string,
    private readonly options: Pick<ResilienceOptions, 'circuitFailures' | 'circuitCooldownMs'>,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.failures < this.options.circuitFailures) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Throws when no request may be sent now. */
  admit(): void {
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const seconds = Math.max(1, Math.ceil((this.openUntil - this.now()) / 1000));
    throw new SubgraphUnavailableError(this.subgraph, 'circuit open after repeated failures', seconds);
  }

  succeeded(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failures += 1;
    this.trialInFlight = false;
    if (this.failures >= this.options.circuitFailures) this.openUntil = this.now() + this.options.circuitCooldownMs;
  }
}

/**
 * Subgraph fetches go through here (gateway/gateway.ts): each has a timeout; queries are retried
 * on failure (`queryRetries` times), mutations never (a retried write could apply twice);
 * failures count against the subgraph's circuit. What counts as a failure: no answer (refused,
 * reset, timed out) or a 502/503/504; a subgraph that answers, even with errors, is up.
 */
export function resilientFetch(
  circuit: SubgraphCircuit,
  options: ResilienceOptions,
  fetchImpl: SubgraphFetch = subgraphFetch({ timeoutMs: options.timeoutMs }),
): SubgraphFetch {
  return async (input, init) => {
    const attempts = 1 + (isQueryFetch(init?.body) ? options.queryRetries : 0);
    let reason = 'no answer';
    for (let attempt = 0; attempt < attempts; attempt++) {
      circuit.admit();
      try {
        const response = await fetchImpl(input, init);
        if (response.status < 502 || response.status > 504) {
          circuit.succeeded();
          return response;
        }
        reason = `HTTP ${response.status}`;
      } catch (err) {
        reason =
          err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : 'not reachable';
      }
      circuit.failed();
    }
    throw new SubgraphUnavailableError(circuit.subgraph, reason);
  };
}
