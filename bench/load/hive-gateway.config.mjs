import process from 'node:process';

// Hive Gateway in front of the same subgraphs, for the side-by-side benchmark (npm run bench:load).
// It has no API keys; it forwards the signed identity the load client sends, as our gateway
// forwards the one it signs, so both reach the subgraphs the same way.
//
// Hive Gateway shares identical subgraph queries in flight by default, as this platform's gateway
// does (SUBGRAPH_DEDUPLICATE_QUERIES); BENCH_DEDUPE=off turns it off in both, for the comparison
// of the gateways' own work per request.
const dedupe = process.env.BENCH_DEDUPE !== 'off';

export const gatewayConfig = {
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return { 'x-mi-identity': request.headers.get('x-mi-identity') ?? undefined };
    },
  },
  transportEntries: {
    '*.http': { options: { deduplicateInflightRequests: dedupe } },
  },
};
