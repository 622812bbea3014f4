import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSchema } from '@apollo/federation-internals';
import { parse, type DocumentNode } from 'graphql';
import { fromRoot } from '../platform/paths.js';
import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../platform/subgraph-catalog.js';

const read = (file: string) => readFileSync(fromRoot('schema', `${file}.graphql`), 'utf8');

/** The SDL a subgraph serves: its own file plus the shared files it includes. */
export function subgraphSdl(name: SubgraphName): string {
  return [read(name), ...SUBGRAPHS[name].sharedSdl.map(read)].join('\n');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
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
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://127.0.0.1:${SUBGRAPHS[name].defaultPort}/graphql`,
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
