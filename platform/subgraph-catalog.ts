/**
 * The subgraphs, in composition order: each one's default port and the shared SDL files
 * (`schema/<file>.graphql`) it includes besides its own, and the GET routes beside /graphql that the
 * gateway passes through to it (with the caller's signed identity). Config, composition and the
 * composition root all read this one list.
 */
export const SUBGRAPHS = {
  trajectory: { defaultPort: 4001, sharedSdl: ['scalars', 'assessment-state'], routes: ['/images/'] },
  reward: { defaultPort: 4002, sharedSdl: ['scalars', 'assessment-state'], routes: [] },
  metrics: { defaultPort: 4003, sharedSdl: ['scalars'], routes: [] },
  access: { defaultPort: 4004, sharedSdl: ['scalars'], routes: [] },
  model: { defaultPort: 4005, sharedSdl: ['scalars', 'assessment-state'], routes: [] },
} as const satisfies Record<string, { defaultPort: number; sharedSdl: readonly string[]; routes: readonly string[] }>;

export type SubgraphName = keyof typeof SUBGRAPHS;

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];
