import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { DocumentRule } from '../platform/document-check.js';
import { ErrorCode } from '../platform/errors.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

const tooComplex = (message: string, details: Record<string, number>) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...details } });

/**
 * Depth, alias and directive limits over the whole document, run before validation (see
 * platform/document-check.ts): a document with 200 directives is one QUERY_TOO_COMPLEX error,
 * not 200 validation errors. Token limits are the parser's own option.
 */
export function limitChecks(limits: QueryLimits): DocumentRule[] {
  return [
    (document) => {
      let aliases = 0;
      let directives = 0;
      visit(document, {
        Field(node) {
          if (node.alias) aliases++;
        },
        Directive() {
          directives++;
        },
      });
      if (directives > limits.maxDirectives)
        return tooComplex(`${directives} directives exceed the limit of ${limits.maxDirectives}.`, {
          directives,
          maxDirectives: limits.maxDirectives,
        });
      if (aliases > limits.maxAliases)
        return tooComplex(`${aliases} aliases exceed the limit of ${limits.maxAliases}.`, {
          aliases,
          maxAliases: limits.maxAliases,
        });
      return null;
    },
    (document) => {
      const fragments = Object.fromEntries(
        document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
      );
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = selectionDepth(definition.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth)
          return tooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`, {
            depth,
            maxDepth: limits.maxDepth,
          });
      }
      return null;
    },
  ];
}

function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  if (!set) return 0;
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD)
      max = Math.max(max, s.name.value.startsWith('__') ? 0 : 1 + selectionDepth(s.selectionSet, fragments, seen));
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, selectionDepth(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value)) {
      const fragment = fragments[s.name.value];
      max = Math.max(max, selectionDepth(fragment?.selectionSet, fragments, new Set([...seen, s.name.value])));
    }
  }
  return max;
}

/** Mutations write; these write most. */
const MUTATION_BASE = 10;
const LIST_ARGS = ['first', 'last', 'limit'];

/**
 * Estimated cost of an operation, used for rate limiting and the cost limit: 1 per field,
 * a field's sub-selection multiplied by the page size it asks for (first/limit, at most 100),
 * 10 per mutation field, and 1 per item of list arguments (e.g. submitTrajectories inputs).
 */
export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const fragments = Object.fromEntries(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  const valueOf = (v: ValueNode): unknown =>
    v.kind === Kind.VARIABLE
      ? variables[v.name.value]
      : v.kind === Kind.INT
        ? Number(v.value)
        : v.kind === Kind.LIST
          ? v.values
          : undefined;
  const cost = (set: SelectionSetNode | undefined, seen: Set<string>, root: boolean): number => {
    if (!set) return 0;
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.name.value.startsWith('__')) continue;
        let multiplier = 1;
        let own = root && operation.operation === 'mutation' ? MUTATION_BASE : 1;
        for (const arg of s.arguments ?? []) {
          const value = valueOf(arg.value);
          if (LIST_ARGS.includes(arg.name.value) && typeof value === 'number') multiplier = Math.max(1, Math.min(100, value));
          if (Array.isArray(value)) own += value.length;
        }
        total += own + multiplier * cost(s.selectionSet, seen, false);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        total += cost(s.selectionSet, seen, root);
      } else if (!seen.has(s.name.value)) {
        total += cost(fragments[s.name.value]?.selectionSet, new Set([...seen, s.name.value]), root);
      }
    }
    return total;
  };
  return cost(operation.selectionSet, new Set(), true);
}
