import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS } from '../../monitoring/grafana/build-dashboards.js';
import { createLogger } from '../../platform/logger.js';
import { fromRoot } from '../../platform/paths.js';
import { startTracing, tracer } from '../../platform/tracing.js';

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData?: {
    derivedFields?: { matcherRegex: string; datasourceUid: string }[];
    tracesToLogsV2?: { datasourceUid: string; query: string };
  };
}

const datasources = (
  parse(readFileSync(fromRoot('monitoring', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as {
    datasources: Datasource[];
  }
).datasources;
const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
};
const promtail = parse(readFileSync(fromRoot('monitoring', 'loki', 'promtail.yml'), 'utf8')) as {
  clients: { url: string }[];
  scrape_configs: { relabel_configs: { target_label: string; replacement?: string }[] }[];
};

/**
 * Loki, Promtail and Jaeger cannot run on this machine (no container engine with their images),
 * so what can be checked without them is checked here: the pieces name each other correctly, and
 * the link from a log line to its trace matches the lines our logger really writes.
 */
describe('logs and traces wiring (compose, Promtail, Grafana)', () => {
  it('Grafana’s Jaeger and Loki datasources point at compose services, and link to each other', () => {
    const jaeger = datasources.find((d) => d.type === 'jaeger');
    const loki = datasources.find((d) => d.type === 'loki');
    expect(new URL(jaeger?.url ?? '').hostname).toBe('jaeger');
    expect(new URL(loki?.url ?? '').hostname).toBe('loki');
    expect(compose.services.jaeger).toBeDefined();
    expect(compose.services.loki).toBeDefined();
    expect(loki?.jsonData?.derivedFields?.[0]?.datasourceUid).toBe(jaeger?.uid);
    expect(jaeger?.jsonData?.tracesToLogsV2?.datasourceUid).toBe(loki?.uid);
  });

  it('every service exports traces to compose’s Jaeger, and Promtail ships to compose’s Loki', () => {
    const endpoint = compose.services.gateway?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? '';
    expect(endpoint).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}');
    for (const name of ['trajectory', 'reward', 'metrics', 'access', 'model'])
      expect(compose.services[name]?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe(endpoint);
    expect(new URL(promtail.clients[0]?.url ?? '').hostname).toBe('loki');
    expect(compose.services.promtail?.volumes?.some((v) => v.startsWith('./monitoring/loki/promtail.yml:'))).toBe(true);
  });

  it('the log-to-trace link finds the trace id in a line our logger writes inside a span', async () => {
    let written = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.toString();
        done();
      },
    });
    const tracing = startTracing('contract', { otlpEndpoint: undefined, sampleRatio: 1 }, new InMemorySpanExporter());
    const log = createLogger('trajectory', 'info', sink);
    const traceId = tracer.startActiveSpan('request', (span) => {
      log.info({ requestId: 'r-1' }, 'captured');
      span.end();
      return span.spanContext().traceId;
    });
    await tracing?.shutdown();
    const regex = new RegExp(datasources.find((d) => d.type === 'loki')?.jsonData?.derivedFields?.[0]?.matcherRegex ?? '$^');
    expect(regex.exec(written)?.[1]).toBe(traceId);
  });

  it('the logs panel reads the stream Promtail labels', () => {
    const job = promtail.scrape_configs[0]?.relabel_configs.find((r) => r.target_label === 'job')?.replacement;
    const logs = DASHBOARDS.flatMap((d) => d.panels).find((p) => p.type === 'logs');
    expect(logs?.logql).toContain(`{job="${job}"}`);
  });
});
