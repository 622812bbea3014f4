// Hive Gateway in front of the same subgraphs, for the side-by-side benchmark (npm run bench:load).
// It has no API keys; it forwards the signed identity the load client sends, as our gateway
// forwards the one it signs, so both reach the subgraphs the same way.
export const gatewayConfig = {
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return { 'x-mi-identity': request.headers.get('x-mi-identity') ?? undefined };
    },
  },
};
