import { describe, expect, it } from 'vitest';
import { deduplicateQueries } from './subgraph-dedupe.js';
import { BufferedResponse, type SubgraphFetch, type SubgraphResponse } from './subgraph-fetch.js';

/** A subgraph that answers when told to, counting what it was sent. */
function slowSubgraph() {
  const sent: string[] = [];
  const pending: ((r: SubgraphResponse) => void)[] = [];
  const failures: ((e: Error) => void)[] = [];
  const fetchImpl: SubgraphFetch = (_url, init) => {
    sent.push(String(init?.body));
    return new Promise((resolve, reject) => {
      pending.push(resolve);
      failures.push(reject);
    });
  };
  const answer = (body: string) => {
    const response = new BufferedResponse('http://subgraph/graphql', 200, new Headers(), body);
    for (const resolve of pending.splice(0)) resolve(response);
  };
  const fail = (e: Error) => {
    for (const reject of failures.splice(0)) reject(e);
  };
  return { fetchImpl, sent, answer, fail };
}

const QUERY = '{"query":"query Page { trajectories(first: 20) { edges { node { id } } } }","variables":{}}';
const MUTATION = '{"query":"mutation Rate { rate(id: \\"t1\\", score: 0.5) { id } }","variables":{}}';
const as = (identity: string, requestId: string) => ({ 'x-mi-identity': identity, 'x-request-id': requestId });

describe('deduplicateQueries', () => {
  it('sends identical queries in flight together once, and each caller gets the answer', async () => {
    const subgraph = slowSubgraph();
    const fetch = deduplicateQueries(subgraph.fetchImpl);
    const calls = Array.from({ length: 5 }, (_, i) =>
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', `req-${i}`), body: QUERY }),
    );
    expect(subgraph.sent).toHaveLength(1);
    subgraph.answer('{"data":{"trajectories":null}}');
    const bodies = await Promise.all(calls.map(async (c) => (await c).text()));
    expect(bodies).toEqual(Array(5).fill('{"data":{"trajectories":null}}'));
  });

  it('never shares between callers, queries, subgraphs or mutations', async () => {
    const subgraph = slowSubgraph();
    const fetch = deduplicateQueries(subgraph.fetchImpl);
    const calls = [
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '1'), body: QUERY }),
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('bob', '2'), body: QUERY }),
      fetch('http://reward/graphql', { method: 'POST', headers: as('alice', '3'), body: QUERY }),
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '4'), body: QUERY.replace('20', '21') }),
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '5'), body: MUTATION }),
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '6'), body: MUTATION }),
    ];
    expect(subgraph.sent).toHaveLength(6);
    subgraph.answer('{}');
    await Promise.all(calls);
  });

  it('keeps nothing once the fetch is over: the next identical query is sent again', async () => {
    const subgraph = slowSubgraph();
    const fetch = deduplicateQueries(subgraph.fetchImpl);
    const first = fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '1'), body: QUERY });
    subgraph.answer('{"data":1}');
    await first;
    const second = fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '2'), body: QUERY });
    expect(subgraph.sent).toHaveLength(2);
    subgraph.answer('{"data":2}');
    expect(await (await second).text()).toBe('{"data":2}');
  });

  it('shares a failure with every caller that waited on it, then forgets it', async () => {
    const subgraph = slowSubgraph();
    const fetch = deduplicateQueries(subgraph.fetchImpl);
    const calls = [1, 2].map((i) =>
      fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', `${i}`), body: QUERY }),
    );
    subgraph.fail(new Error('ECONNREFUSED'));
    for (const call of calls) await expect(call).rejects.toThrow('ECONNREFUSED');
    const retry = fetch('http://trajectory/graphql', { method: 'POST', headers: as('alice', '3'), body: QUERY });
    expect(subgraph.sent).toHaveLength(2);
    subgraph.answer('{}');
    await retry;
  });
});
