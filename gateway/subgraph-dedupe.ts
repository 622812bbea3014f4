import { headerEntries, isQueryFetch, type SubgraphFetch, type SubgraphRequestInit } from './subgraph-fetch.js';

/**
 * Headers that differ per client request without changing what a subgraph answers: leaving them
 * out of the key lets identical queries from different requests share one fetch. The caller's
 * signed identity is not among them, so callers never share an answer with one another.
 */
const CORRELATION_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate']);

function keyOf(url: string, init: SubgraphRequestInit): string {
  const headers: string[] = [];
  for (const [name, value] of headerEntries(init.headers))
    if (!CORRELATION_HEADERS.has(name.toLowerCase())) headers.push(`${name.toLowerCase()}:${value}`);
  headers.sort();
  return `${url}\n${init.method ?? 'GET'}\n${headers.join('\n')}\n${String(init.body)}`;
}

/**
 * Identical subgraph queries in flight at the same moment share one fetch and its answer: when
 * fifty people open the same dashboard, the subgraph computes the page once per round trip, not
 * fifty times. Only queries (never mutations) and only while the first is in flight, so nothing
 * is cached and no answer is older than the request that receives it. Hive Gateway does the same
 * by default; the side-by-side benchmark measures both with and without it (docs/performance.md).
 */
export function deduplicateQueries(fetchImpl: SubgraphFetch): SubgraphFetch {
  const inflight = new Map<string, ReturnType<SubgraphFetch>>();
  return (url, init = {}) => {
    if (!isQueryFetch(init.body)) return fetchImpl(url, init);
    const key = keyOf(url, init);
    const shared = inflight.get(key);
    if (shared) return shared;
    const fetched = fetchImpl(url, init).finally(() => inflight.delete(key));
    inflight.set(key, fetched);
    return fetched;
  };
}
