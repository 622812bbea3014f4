import { readFileSync } from 'node:fs';
import { fromRoot } from '../../platform/paths.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A plain HTTP GraphQL client, as a frontend would call the gateway. */
export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

export const exampleOperation = (name: string) => readFileSync(fromRoot('examples', `${name}.graphql`), 'utf8');
export const exampleVariables = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(fromRoot('examples', 'variables', `${name}.json`), 'utf8')) as Record<string, unknown>;
