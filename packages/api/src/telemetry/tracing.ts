/**
 * Traces over OTLP: a span for each HTTP request (by route pattern, with its status) and a child
 * span for each database query it makes. Loaded only by `register.ts`, and only when an OTLP
 * endpoint is configured; everything here is configured by the standard `OTEL_*` variables
 * (endpoint, headers, protocol, sampler, service name), see README, Operations.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type ReadableSpan,
  type Sampler,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { FastifyOtelInstrumentation } from '@fastify/otel';

/**
 * The only span attributes that leave the process. Everything else the instrumentations record
 * is dropped before export, whatever a future version of them adds: the raw URL (`url.path`
 * carries query strings and the secret tokens of status, unsubscribe and share links), client
 * addresses, headers (Authorization, cookies), the connection string and user of the database.
 * SQL goes out as the statement text only: drizzle sends every value as a bind parameter, so the
 * text holds `$1`, `$2`, never an e-mail address or a search term, and the parameters themselves
 * are never recorded (`enhancedDatabaseReporting` stays off, `db.postgresql.values` is not here).
 */
export const EXPORTED_ATTRIBUTES: ReadonlySet<string> = new Set([
  // The request: method, route pattern (`/api/v1/public/clusters/:slug`), status.
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'fastify.type',
  'hook.name',
  'hook.callback.name',
  // The query: which database, the statement with placeholders, its kind; the server it ran on.
  'db.system',
  'db.system.name',
  'db.name',
  'db.namespace',
  'db.statement',
  'db.query.text',
  'db.operation.name',
  'db.collection.name',
  'server.address',
  'server.port',
  'net.peer.name',
  'net.peer.port',
  'error.type',
]);

/**
 * Hands the exporter a copy of each span with only the allowed attributes, no events (recorded
 * exceptions carry messages and stacks) and no status message (a database error quotes the
 * input it refused: `invalid input syntax for type uuid: "…"`); the status code stays.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([key]) => EXPORTED_ATTRIBUTES.has(key)));
    // @fastify/otel marks every request that threw as an error, a 401 or 404 too; by the HTTP
    // conventions a server's 4xx is the client's error, not the server's: the status stays unset.
    const status = span.attributes['http.response.status_code'];
    const clientError = span.kind === SpanKind.SERVER && typeof status === 'number' && status < 500;
    // The span itself stays as the SDK made it; the exporter reads this view of it.
    const redacted = Object.create(span, {
      attributes: { value: attributes, enumerable: true },
      events: { value: [], enumerable: true },
      status: { value: { code: clientError ? SpanStatusCode.UNSET : span.status.code }, enumerable: true },
    }) as ReadableSpan;
    this.next.onEnd(redacted);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

/** `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL`: `http/protobuf` (the standard's default) or `http/json`. */
function exporterFromEnv(env: NodeJS.ProcessEnv): SpanExporter {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf').trim();
  if (protocol === 'http/json') return new OtlpJsonExporter();
  if (protocol !== 'http/protobuf') {
    // gRPC would pull in a second network stack for no gain: collectors accept OTLP/HTTP too.
    throw new Error(`OTEL_EXPORTER_OTLP_PROTOCOL: ${protocol} is not supported; use http/protobuf or http/json`);
  }
  return new OtlpProtobufExporter();
}

/** `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` as the specification names them. */
function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on').trim();
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? '1');
  const ratioSampler = new TraceIdRatioBasedSampler(Number.isFinite(ratio) ? Math.min(Math.max(ratio, 0), 1) : 1);
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratioSampler;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratioSampler });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      throw new Error(`OTEL_TRACES_SAMPLER: ${name} is not supported`);
  }
}

/** Probes and scrapes would bury the requests worth reading: they are not traced. */
function isProbe(url: string): boolean {
  return url === '/metrics' || url.startsWith('/health');
}

/** Starts tracing for the process; returns what sends the queued spans and stops. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  const resource = resourceFromAttributes({ 'service.name': 'euregionet-api' }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: samplerFromEnv(env),
    spanProcessors: [new RedactingSpanProcessor(new BatchSpanProcessor({ exporter: exporterFromEnv(env) }))],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // A `traceparent` from the proxy or the portal that called continues their trace.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // The Fastify team's own: it joins every Fastify instance as it is created (a diagnostics
      // channel), so the app needs no change. One span per request and one for the handler;
      // a span for each of the some twenty hooks would cost more than it tells.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        recordExceptions: false,
        ignorePaths: (route: { url: string }) => isProbe(route.url),
        requestHook: (span, request) => {
          // "GET /api/v1/public/clusters/:slug" rather than the package's constant "request".
          span.updateName(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`);
        },
      }),
      // Both the server's pool and the embedded database's (node-postgres on its wire protocol).
      // Only queries inside a request are traced: the workers' polling (outbox, jobs) every few
      // seconds would otherwise fill the collector with root spans of one query each.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });

  return async () => {
    await provider.forceFlush().catch(() => undefined);
    await provider.shutdown().catch(() => undefined);
  };
}
