import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayContext } from './context.js';

/**
 * How the gateway talks to a subgraph: forwards the request id so one id follows a request
 * through every service's logs. Authentication will add the signed caller identity here.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }
}
