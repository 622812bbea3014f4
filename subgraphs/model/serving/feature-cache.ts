import type { AssessmentState } from '../../../domain/assessment/state.js';
import { featurize } from '../featurizer.js';

/**
 * Featurized vectors of stored trajectories, by id. A stored trajectory never changes, so its
 * features never go stale; the cache only bounds memory (2 KB per entry; least recently used
 * entries go first). Keyed by featurizer version implicitly: one process runs one featurizer.
 */
export class FeatureCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly maxEntries: number) {}

  get(id: string): Float32Array | undefined {
    const v = this.entries.get(id);
    if (v) {
      this.entries.delete(id);
      this.entries.set(id, v);
    }
    return v;
  }

  set(id: string, features: Float32Array): void {
    this.entries.delete(id);
    this.entries.set(id, features);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** The cached vector of a stored trajectory, featurizing (and caching) it on a miss. */
  of(id: string, state: AssessmentState): Float32Array {
    let features = this.get(id);
    if (!features) {
      features = featurize(state);
      this.set(id, features);
    }
    return features;
  }

  get size(): number {
    return this.entries.size;
  }
}
