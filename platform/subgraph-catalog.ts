/**
 * The subgraphs, in composition order: each one's default port and the shared SDL files
 * (`schema/<file>.graphql`) it includes besides its own. Config, composition and the
 * composition root all read this one list.
 */
export const SUBGRAPHS = {
  trajectory: { defaultPort: 4001, sharedSdl: ['scalars', 'assessment-state'] },
  reward: { defaultPort: 4002, sharedSdl: ['scalars', 'assessment-state'] },
  metrics: { defaultPort: 4003, sharedSdl: ['scalars'] },
  access: { defaultPort: 4004, sharedSdl: ['scalars'] },
  model: { defaultPort: 4005, sharedSdl: ['scalars', 'assessment-state'] },
} as const;

export type SubgraphName = keyof typeof SUBGRAPHS;

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];
