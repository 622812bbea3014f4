import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../platform/tracing.js';
import { RUNS_PGLITE } from '../support/database.js';
import { post } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

/** One query, three subgraphs: trajectories (Trajectory), their rewards (Reward), the overview (Metrics). */
const QUERY = `query ThreeSubgraphs { trajectories(first: 3) { edges { node { id reward { total } } } } systemOverview { totalTrajectories } }`;

describe.runIf(RUNS_PGLITE)('OpenTelemetry: one trace across the graph', () => {
  const exporter = new InMemorySpanExporter();
  const lines: Record<string, unknown>[] = [];
  let tracing: Tracing | null;
  let t: TestPlatform;

  beforeAll(async () => {
    tracing = startTracing('medillustrator-test', { otlpEndpoint: undefined, sampleRatio: 1 }, exporter);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const { traceFields } = await import('../../platform/tracing.js');
    t = await startTestPlatform({ DEMO_TRAJECTORIES: '25' }, { log: pino({ level: 'debug', mixin: traceFields }, sink) });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await tracing?.shutdown();
  });

  it('the client’s traceparent, the gateway’s plan and fetches, each subgraph, its root resolvers and its queries form one tree', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const res = await post(t.platform.gatewayUrl, QUERY, {}, { traceparent: `00-${traceId}-${clientSpanId}-01` });
    expect(res.body.errors).toBeUndefined();

    // Server spans end when their responses close: wait for the gateway's.
    const spansOf = () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const deadline = Date.now() + 5000;
    while (
      !spansOf().some((s) => s.kind === SpanKind.SERVER && s.attributes['mi.service'] === 'gateway') &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 50));
    const spans = spansOf();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const childrenOf = (s: ReadableSpan, name?: string) =>
      spans.filter((c) => parentOf(c) === s.spanContext().spanId && (name === undefined || c.name === name));

    const gatewayServer = spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['mi.service'] === 'gateway');
    expect(gatewayServer, 'the gateway’s server span').toBeDefined();
    expect(parentOf(gatewayServer!)).toBe(clientSpanId);
    const [request] = childrenOf(gatewayServer!, 'gateway.request');
    expect(request, 'gateway.request').toBeDefined();
    expect(childrenOf(request!, 'gateway.plan')).toHaveLength(1);
    const [execute] = childrenOf(request!, 'gateway.execute');
    expect(execute, 'gateway.execute').toBeDefined();

    // Each gateway.fetch (under execute, possibly inside sequence/parallel steps) has the subgraph's server span as its child.
    const fetches = spans.filter((s) => s.name === 'gateway.fetch');
    const services = new Set<string>();
    for (const fetch of fetches) {
      let up: ReadableSpan | undefined = fetch;
      while (up && up !== execute) up = byId.get(parentOf(up) ?? '');
      expect(up, 'a fetch belongs to the execute span').toBe(execute);
      const [server] = childrenOf(fetch).filter((c) => c.kind === SpanKind.SERVER);
      expect(server, `the ${String(fetch.attributes.service)} subgraph’s span under its fetch`).toBeDefined();
      expect(server!.attributes['mi.service']).toBe(fetch.attributes.service);
      services.add(String(server!.attributes['mi.service']));
      // Its root resolvers, and beneath them the database queries they ran.
      const resolvers = childrenOf(server!).filter((c) => /^(Query|Mutation)\./.test(c.name));
      expect(resolvers.length, `resolver spans in ${String(server!.attributes['mi.service'])}`).toBeGreaterThan(0);
      // Below the subgraph's span: under a resolver, or under the server span when a field resolver
      // below a root field (e.g. a DataLoader batch for `_entities`) ran it.
      const below = (root: ReadableSpan): ReadableSpan[] => childrenOf(root).flatMap((c) => [c, ...below(c)]);
      const queries = below(server!).filter((c) => c.name === 'db.query');
      expect(queries.length, `database spans in ${String(server!.attributes['mi.service'])}`).toBeGreaterThan(0);
      expect(String(queries[0]!.attributes['db.query.text'])).toMatch(/select/i);
    }
    expect([...services].sort()).toEqual(['metrics', 'reward', 'trajectory']);
    expect(spans.some((s) => s.name === 'Query.trajectories')).toBe(true);
    expect(spans.some((s) => s.name === 'Query._entities')).toBe(true);
    expect(spans.some((s) => s.name === 'Query.systemOverview')).toBe(true);

    // Log lines written while the request was handled carry its trace.
    const traced = lines.filter((l) => l.trace_id === traceId);
    expect(traced.length).toBeGreaterThan(0);
    expect(traced.every((l) => typeof l.span_id === 'string')).toBe(true);
  });

  it('a request without traceparent starts its own trace; probes and scrapes make no spans', async () => {
    exporter.reset();
    await post(t.platform.gatewayUrl, '{ systemOverview { totalTrajectories } }');
    await fetch(t.platform.gatewayUrl.replace('/graphql', '/_readiness'));
    await fetch(t.platform.gatewayUrl.replace('/graphql', '/metrics'));
    await new Promise((r) => setTimeout(r, 200));
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.parentSpanContext === undefined);
    expect(roots.map((s) => s.name)).toEqual(['POST /graphql gateway']);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
  });
});
