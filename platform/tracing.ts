import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';

export interface TracingSettings {
  /** OTLP/HTTP endpoint (`http://jaeger:4318`); traces are exported there. Unset: off. */
  otlpEndpoint: string | undefined;
  /** Share of new traces kept (a trace started by a sampled caller is always kept). */
  sampleRatio: number;
}

/** The one tracer of our own code; Apollo Gateway's spans (plan, fetch, …) come from its own. */
export const tracer = trace.getTracer('medillustrator');

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry for this process: W3C trace context in and out, spans from the HTTP layer, the
 * gateway's query plan and fetches (Apollo Gateway's built-in spans), the root resolvers and the
 * database queries. Exported by OTLP when an endpoint is configured; `exporter` is for tests (the
 * SDK's in-memory exporter). Without either, nothing is registered and every span is a no-op.
 */
export function startTracing(serviceName: string, settings: TracingSettings, exporter?: SpanExporter): Tracing | null {
  const processors: SpanProcessor[] = [];
  if (settings.otlpEndpoint) {
    const url = `${settings.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (exporter) processors.push(new SimpleSpanProcessor(exporter));
  if (processors.length === 0) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: processors,
  });
  // Global: Apollo Gateway and our code find the provider, the W3C propagator and the
  // AsyncLocalStorage context manager through @opentelemetry/api.
  provider.register();
  // Shutdown flushes and stops exporting. The globals stay registered: tracers are looked up
  // once (ours and Apollo Gateway's), and after `trace.disable()` they would never find a new provider.
  return { shutdown: () => provider.shutdown() };
}

/** The caller's trace context from `traceparent`/`tracestate`, if it sent one. */
export function contextFromHeaders(headers: IncomingHttpHeaders): Context {
  return propagation.extract(context.active(), headers);
}

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** Runs `fn` in a new active span; records a thrown error on it. */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  kind = SpanKind.INTERNAL,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** trace_id and span_id of the active span, for log lines (pino mixin). */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
