import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL } from 'graphiql';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { credential, graphqlUrl, graphqlWsUrl } from '../console/credential.js';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];
type Headers = Record<string, string>;

// The example operations of examples/, bundled at build time: one tab each, with their variables.
const operations = import.meta.glob<string>('../../examples/*.graphql', { query: '?raw', import: 'default', eager: true });
const variables = import.meta.glob<unknown>('../../examples/variables/*.json', { import: 'default', eager: true });
/** graphql-ws yields errors as JSON; GraphiQL's types want GraphQLError instances. */
async function* results(source: AsyncIterable<FormattedExecutionResult>) {
  for await (const result of source) {
    yield {
      ...result,
      errors: result.errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })),
    };
  }
}

const key = credential.get();
const headers = JSON.stringify({ Authorization: `Bearer ${key || 'mi_… (your API key or OIDC token)'}` }, null, 2);
const tabs = Object.entries(operations).map(([path, query]) => {
  const name = path.replace(/^.*\//, '').replace(/\.graphql$/, '');
  const vars = variables[`../../examples/variables/${name}.json`];
  return { query, headers, variables: vars === undefined ? undefined : JSON.stringify(vars, null, 2) };
});

const authorization = (headers: Headers | undefined): string | undefined =>
  Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];

/**
 * Queries and mutations over HTTP, subscriptions over graphql-ws: both carry the Authorization
 * header of the headers editor (for the socket, in connection_init, as the gateway expects).
 */
const fetcher: Fetcher = (params, opts) => {
  // GraphiQL's own requests (the schema's introspection) come without the editor's headers.
  const given = (opts?.headers ?? {}) as Headers;
  const headers: Headers = authorization(given) || !key ? given : { ...given, authorization: `Bearer ${key}` };
  const isSubscription = opts?.documentAST?.definitions.some(
    (d) =>
      d.kind === 'OperationDefinition' &&
      d.operation === 'subscription' &&
      (!params.operationName || d.name?.value === params.operationName),
  );
  if (isSubscription) {
    const auth = authorization(headers);
    const client = createClient({ url: graphqlWsUrl(), connectionParams: auth ? { authorization: auth } : {}, lazy: true });
    return results(
      client.iterate({
        query: params.query,
        variables: params.variables ?? {},
        operationName: params.operationName ?? undefined,
      }),
    );
  }
  return fetch(graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  }).then((res) => res.json());
};

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <GraphiQL fetcher={fetcher} defaultTabs={tabs} initialHeaders={headers} defaultEditorToolsVisibility="headers" />
    </StrictMode>,
  );
}
