import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql/language/printer';
import { createClient, type Client } from 'graphql-ws';
import { credential, graphqlUrl, graphqlWsUrl } from './credential.js';

/** A GraphQL error as the gateway reports it: the stable code and the message, never a stack. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface Meta {
  __meta__?: { hash?: string };
}

const texts = new WeakMap<object, string>();
const textOf = (document: object & Meta, ast: Parameters<typeof print>[0]): string => {
  let text = texts.get(document);
  if (text === undefined) {
    text = print(ast);
    texts.set(document, text);
  }
  return text;
};

interface Response<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * One operation over HTTP. The body carries the trusted document's id (its SHA-256, from the
 * generated manifest) and the text: a gateway with TRUSTED_DOCUMENTS=require runs it by id, one
 * with trusted documents off by text.
 */
export async function request<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const meta = (document as Meta).__meta__;
  const res = await fetch(graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${credential.get()}` },
    body: JSON.stringify({ query: textOf(document, document), variables, ...(meta?.hash ? { documentId: meta.hash } : {}) }),
  });
  const body = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as Response<TData>;
  // Errors beside data are field errors on nullable fields (e.g. MODEL_NOT_READY for a
  // prediction before any model is in production): the page shows what it has, those as blanks.
  if (body.data) return body.data;
  const [first] = body.errors ?? [];
  throw new ApiError(first?.message ?? `HTTP ${res.status} without data`, first?.extensions?.code ?? `HTTP_${res.status}`);
}

let socket: { client: Client; credential: string } | null = null;

/** A subscription over graphql-ws, one socket per credential; returns the unsubscribe function. */
export function subscribe<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  handlers: { next: (data: TData) => void; error: (error: Error) => void; complete: () => void },
): () => void {
  const key = credential.get();
  if (!socket || socket.credential !== key) {
    void socket?.client.dispose();
    socket = {
      client: createClient({ url: graphqlWsUrl(), connectionParams: { authorization: `Bearer ${key}` } }),
      credential: key,
    };
  }
  return socket.client.subscribe<TData>(
    { query: textOf(document, document), variables },
    {
      next: (result) => {
        const [first] = result.errors ?? [];
        if (first) handlers.error(new ApiError(first.message, String(first.extensions?.code ?? 'ERROR')));
        else if (result.data) handlers.next(result.data);
      },
      error: (err: unknown) =>
        handlers.error(
          err instanceof Error
            ? err
            : new ApiError(
                err instanceof CloseEvent && err.code === 4403
                  ? 'The gateway refused the connection: check the credential.'
                  : 'The connection closed.',
                'SOCKET_CLOSED',
              ),
        ),
      complete: handlers.complete,
    },
  );
}
