import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, type IdentityTokens } from '../platform/security/identity.js';
import type { GatewayContext } from './context.js';

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

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    if (!('context' in options) || !options.context.caller) return;
    const { context, request } = options;
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context.caller.kind === 'api_key') request.http?.headers.set(IDENTITY_HEADER, await this.identity.sign(context.caller));
  }
}
