import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { fromRoot } from '../../platform/paths.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** The admin key the end-to-end tests register through ADMIN_API_KEY. */
export const TEST_ADMIN_KEY = 'mi-e2e-admin-key-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A plain HTTP GraphQL client, as a frontend would call the gateway. Sends the test admin key
 * unless `headers.authorization` says otherwise ('' sends no key at all).
 */
export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const { authorization = `Bearer ${TEST_ADMIN_KEY}`, ...rest } = headers;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}), ...rest },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>['body'] };
}

/**
 * One of the operations clients use (examples/*.graphql, typed by codegen in
 * examples/generated/graphql.ts), sent as a client sends it: result and variables typed.
 */
export async function run<TData, TVariables extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  return post<TData>(url, print(document), variables, headers);
}

/** The variables shipped with an example (examples/variables/NAME.json), typed as its operation's. */
export const exampleVariables = <TVariables = Record<string, unknown>>(name: string): TVariables =>
  JSON.parse(readFileSync(fromRoot('examples', 'variables', `${name}.json`), 'utf8')) as TVariables;
