import { describe, expect, it } from 'vitest';
import { composeSupergraph, readCommittedComposition } from '../../schema/load.js';

describe('supergraph composition', () => {
  it('composes without errors and matches the committed schema/supergraph.graphql and schema/api.graphql (run npm run compose)', () => {
    const fresh = composeSupergraph();
    const committed = readCommittedComposition();
    expect(committed.supergraphSdl).toBe(fresh.supergraphSdl);
    expect(committed.apiSdl).toBe(fresh.apiSdl);
  });

  it('joins Trajectory from the Trajectory, Reward and Model subgraphs on its key', () => {
    const { supergraphSdl } = composeSupergraph();
    expect(supergraphSdl).toMatch(
      /type Trajectory\s+@join__type\(graph: MODEL, key: "id"\)\s+@join__type\(graph: REWARD, key: "id"\)\s+@join__type\(graph: TRAJECTORY, key: "id"\)/,
    );
  });

  it('routes the trainingProgress subscription to the Model subgraph', () => {
    const { supergraphSdl } = composeSupergraph();
    expect(supergraphSdl).toMatch(
      /type Subscription\s+@join__type\(graph: MODEL\)\s*\{[^}]*trainingProgress\(runId: ID!\): TrainingEvent!/,
    );
  });
});
