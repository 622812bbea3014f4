import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isClientFacing } from '../platform/errors.js';
import { IDENTITY_HEADER, type IdentityTokens } from '../platform/security/identity.js';
import type { GatewayContext } from './context.js';

type FetcherResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

/**
 * How the gateway talks to a subgraph: forwards the request id (one id follows a request
 * through every log) and the caller's identity, signed, so subgraphs trust only the gateway.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly identity: IdentityTokens,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  /**
   * A subgraph refuses bad input with 400 and a coded GraphQL error (e.g. a JSON value over
   * its limits, found while coercing variables). Pass that error on as it is, so the client
   * gets BAD_USER_INPUT and its field path rather than a masked "400: Bad Request".
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const fallback = () => super.errorFromResponse(response);
    if (!(response.headers.get('content-type') ?? '').includes('json')) return fallback();
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    const first = (body as { errors?: unknown[] } | null)?.errors?.[0] as GraphQLFormattedError | undefined;
    if (!first || typeof first.message !== 'string' || !isClientFacing(first)) return fallback();
    const { requestId: _subgraphRequestId, ...extensions } = first.extensions ?? {};
    return new GraphQLError(first.message, { extensions });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('context' in options) || !options.context.caller) return;
    const { context, request } = options;
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context.caller.kind !== 'anonymous') request.http?.headers.set(IDENTITY_HEADER, await this.identity.sign(context.caller));
  }
}
