import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSchema } from '@apollo/federation-internals';
import { parse, type DocumentNode } from 'graphql';
import { fromRoot } from '../platform/paths.js';

/** Subgraphs, in composition order, with their default local URLs and the shared SDL they include. */
export const SUBGRAPHS = {
  trajectory: { defaultUrl: 'http://127.0.0.1:4001/graphql', includes: ['scalars', 'assessment-state'] },
  reward: { defaultUrl: 'http://127.0.0.1:4002/graphql', includes: ['scalars', 'assessment-state'] },
  metrics: { defaultUrl: 'http://127.0.0.1:4003/graphql', includes: ['scalars'] },
  access: { defaultUrl: 'http://127.0.0.1:4004/graphql', includes: ['scalars'] },
  model: { defaultUrl: 'http://127.0.0.1:4005/graphql', includes: ['scalars', 'assessment-state'] },
} as const;
export type SubgraphId = keyof typeof SUBGRAPHS;

const read = (file: string) => readFileSync(fromRoot('schema', `${file}.graphql`), 'utf8');

/** The SDL a subgraph serves: its own file plus the shared files it includes. */
export function subgraphSdl(name: SubgraphId): string {
  return [read(name), ...SUBGRAPHS[name].includes.map(read)].join('\n');
}

export function subgraphTypeDefs(name: SubgraphId): DocumentNode {
  return parse(subgraphSdl(name));
}

export const SUPERGRAPH_PATH = fromRoot('schema', 'supergraph.graphql');

export const API_SCHEMA_PATH = fromRoot('schema', 'api.graphql');

export interface Composition {
  /** For the gateway: the supergraph with join directives. */
  supergraphSdl: string;
  /** For clients and codegen: the public API schema. */
  apiSdl: string;
}

/** Compose every subgraph in-process; throws with every composition error listed. */
export function composeSupergraph(): Composition {
  const result = composeServices(
    (Object.keys(SUBGRAPHS) as SubgraphId[]).map((name) => ({
      name,
      url: SUBGRAPHS[name].defaultUrl,
      typeDefs: subgraphTypeDefs(name),
    })),
  );
  if (result.errors) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: `${printSchema(result.schema.toAPISchema())}\n`,
  };
}

export function readCommittedComposition(): Composition {
  return { supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'), apiSdl: readFileSync(API_SCHEMA_PATH, 'utf8') };
}
