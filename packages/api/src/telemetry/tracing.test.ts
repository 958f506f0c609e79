import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { TEST_DATABASE } from '../test/app.js';
import { SERVER_TEMPLATE_DB, serverUrl, TEST_DB_PREFIX } from '../test/template.js';
import { tracesEndpointConfigured } from './settings.js';
import { RedactingSpanProcessor } from './tracing.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const REGISTER = join(DIST, 'telemetry/register.js');
const SERVER = join(DIST, 'server.js');

describe('whether traces are sent', () => {
  it('follows the standard variables: an endpoint for all signals or for traces, unless the SDK or the exporter is turned off', () => {
    expect(tracesEndpointConfigured({})).toBe(false);
    expect(tracesEndpointConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(tracesEndpointConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesEndpointConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracesEndpointConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracesEndpointConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });
});

describe('what a span may carry out of the process', () => {
  it('only the allowed attributes, no events and no status message; the span itself is left as it was', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new RedactingSpanProcessor(new SimpleSpanProcessor({ exporter }))] });
    const span = provider.getTracer('test').startSpan('GET /digest/unsubscribe/:token', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/digest/unsubscribe/:token',
        'url.path': '/digest/unsubscribe/s3cr3t-t0ken?email=anna@example.eu',
        'client.address': '203.0.113.7',
        'db.query.text': 'select * from users where email = $1',
        'db.postgresql.values': ['anna@example.eu'],
        'db.connection_string': 'postgresql://euregionet:hunter2@db:5432/euregionet',
      },
    });
    span.recordException(new Error('invalid input syntax for type uuid: "anna@example.eu"'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'invalid input syntax for type uuid: "anna@example.eu"' });
    span.setAttribute('http.response.status_code', 500);
    span.end();

    const [exported] = exporter.getFinishedSpans();
    expect(exported!.attributes).toEqual({
      'http.request.method': 'GET',
      'http.route': '/digest/unsubscribe/:token',
      'db.query.text': 'select * from users where email = $1',
      'http.response.status_code': 500,
    });
    expect(exported!.events).toEqual([]);
    expect(exported!.status).toEqual({ code: SpanStatusCode.ERROR });
    // What the exporter needs besides comes from the span unchanged.
    expect(exported!.name).toBe('GET /digest/unsubscribe/:token');
    expect(exported!.kind).toBe(SpanKind.SERVER);
    expect(exported!.spanContext()).toEqual(span.spanContext());
    expect(JSON.stringify(exported!.attributes)).not.toContain('anna@example.eu');
  });

  it('a server span of a 4xx answer is no error of the server: its status stays unset; a 5xx stays an error', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new RedactingSpanProcessor(new SimpleSpanProcessor({ exporter }))] });
    for (const code of [401, 404, 503]) {
      const span = provider.getTracer('test').startSpan(`GET ${code}`, { kind: SpanKind.SERVER });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'thrown' });
      span.setAttribute('http.response.status_code', code);
      span.end();
    }
    expect(exporter.getFinishedSpans().map((s) => [s.name, s.status.code])).toEqual([
      ['GET 401', SpanStatusCode.UNSET],
      ['GET 404', SpanStatusCode.UNSET],
      ['GET 503', SpanStatusCode.ERROR],
    ]);
  });
});

describe('the start hook without an endpoint', () => {
  it('loads nothing of OpenTelemetry: no tracer provider is registered', () => {
    if (!existsSync(REGISTER)) throw new Error('Build the API first (pnpm build): this test runs the built hook');
    // The API registers its globals under this symbol once anything sets a provider.
    const probe = `console.log(JSON.stringify(Object.keys(globalThis[Symbol.for('opentelemetry.js.api.1')] ?? {})))`;
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const run = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', REGISTER, '--input-type=module', '-e', probe], {
        env: { ...env, ...extra },
        encoding: 'utf8',
      });

    const off = run({});
    expect(off.status).toBe(0);
    expect(JSON.parse(off.stdout)).toEqual([]);
    // And the same probe does see tracing when an endpoint is set (nothing listens there: no span is sent).
    const on = run({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(on.status).toBe(0);
    expect(JSON.parse(on.stdout)).toEqual(expect.arrayContaining(['trace', 'context', 'propagation']));
  });
});

/** What an OTLP/HTTP receiver got: the request path, its content type and the raw body. */
interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

function attributesOf(span: { attributes: { key: string; value: OtlpValue }[] }): Record<string, string | number | undefined> {
  return Object.fromEntries(
    span.attributes.map((a) => [a.key, a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : undefined)]),
  );
}

describe('traces of the running API, received over OTLP/HTTP', () => {
  const ADMIN = { email: 'spur.tracing@example.eu', password: 'Spurensuche an der Neisse' };
  const SEARCH_TERM = 'Bernsteinzimmerfund';
  const PATH_TOKEN = 'c2VjcmV0LXVuc3Vic2NyaWJlLXRva2Vu';
  const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const CALLER_SPAN = '00f067aa0ba902b7';

  const received: Received[] = [];
  let receiver: Server;
  let receiverUrl: string;
  let dataDir: string | undefined;
  let serverDb: string | undefined;
  let log: string[] = [];
  let sessionCookie = '';
  let exitCode: number | null = null;

  beforeAll(async () => {
    if (!existsSync(SERVER)) throw new Error('Build the API first (pnpm build): this test runs the built server');
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;

    // Embedded PostgreSQL (node-postgres on its wire protocol) or the server, as the suite runs.
    let database: Record<string, string>;
    if (TEST_DATABASE === 'postgres') {
      serverDb = `${TEST_DB_PREFIX}${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const admin = new pg.Client({ connectionString: serverUrl() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${serverDb} TEMPLATE ${SERVER_TEMPLATE_DB}`);
      await admin.end();
      database = { DATABASE_URL: serverUrl(serverDb) };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'eurn-tracing-'));
      database = { DATA_DIR: dataDir };
    }

    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
    const child = spawn(process.execPath, ['--import', REGISTER, SERVER], {
      env: {
        ...env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        DEMO_DATA: 'false',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'euregionet-api-test',
        ...database,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    log = [];
    child.stderr.on('data', (d: Buffer) => log.push(d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the API did not start:\n${log.join('\n')}`)), 90_000);
      void exited.then((code) => reject(new Error(`the API exited with ${code}:\n${log.join('\n')}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        log.push(line);
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });

    try {
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      expect(login.status).toBe(200);
      sessionCookie = login.headers.get('set-cookie')!.split(';')[0]!;
      // A staff search, continuing the trace of a caller (a proxy or a portal) that sent traceparent.
      const search = await fetch(`${url}/api/v1/clusters?q=${SEARCH_TERM}`, {
        headers: { cookie: sessionCookie, traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      });
      expect(search.status).toBe(200);
      // A secret link: the token is in the path, the span must have only the route's pattern.
      expect((await fetch(`${url}/digest/unsubscribe/${PATH_TOKEN}`)).status).toBe(404);
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    } finally {
      // The spans still queued are sent as the process shuts down.
      child.kill('SIGTERM');
      exitCode = await exited;
    }
  }, 150_000);

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (serverDb) {
      const cleanup = new pg.Client({ connectionString: serverUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${serverDb} WITH (FORCE)`);
      await cleanup.end();
    }
  });

  const exports = () => received.map((r) => JSON.parse(r.body.toString('utf8')) as OtlpExport);
  const spans = () =>
    exports().flatMap((e) =>
      e.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, scope: ss.scope.name })))),
    );

  it('are posted to the endpoint as OTLP/JSON under the service name from the environment, all before the process ends', () => {
    expect(exitCode).toBe(0);
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) {
      expect(r.path).toBe('/v1/traces');
      expect(r.contentType).toBe('application/json');
    }
    const services = exports().flatMap((e) => e.resourceSpans.map((rs) => attributesOf(rs.resource)['service.name']));
    expect(new Set(services)).toEqual(new Set(['euregionet-api-test']));
  });

  it('hold a server span per request, named by route pattern and with its status, continuing the caller’s trace', () => {
    const server = spans().filter((s) => s.kind === 2);
    const search = server.find((s) => s.name === 'GET /api/v1/clusters');
    expect(search).toBeDefined();
    expect(search!.traceId).toBe(CALLER_TRACE);
    expect(search!.parentSpanId).toBe(CALLER_SPAN);
    expect(attributesOf(search!)).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/v1/clusters',
      'http.response.status_code': 200,
    });
    expect(server.map((s) => s.name)).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/clusters', 'GET /digest/unsubscribe/:token']),
    );
    const unsubscribe = server.find((s) => s.name === 'GET /digest/unsubscribe/:token')!;
    expect(attributesOf(unsubscribe)['http.response.status_code']).toBe(404);
    // Probes are not traced.
    expect(server.filter((s) => s.name.includes('/health'))).toEqual([]);
  });

  it('hold the database queries of a request as spans inside its trace, below its server span', () => {
    const all = spans();
    const byId = new Map(all.map((s) => [s.spanId, s]));
    const search = all.find((s) => s.kind === 2 && s.name === 'GET /api/v1/clusters')!;
    const below = (s: OtlpSpan | undefined): boolean =>
      s !== undefined && (s.parentSpanId === search.spanId || below(byId.get(s.parentSpanId ?? '')));
    const queries = all.filter((s) => s.traceId === search.traceId && s.name.startsWith('pg.query:'));
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every(below)).toBe(true);
    expect(queries.every((q) => q.kind === 3)).toBe(true);
    const texts = queries.map((q) => attributesOf(q)['db.query.text'] as string);
    // The session's lookup and the search itself, as statements with placeholders.
    expect(texts.some((t) => t.includes('from "sessions"') && t.includes('$1'))).toBe(true);
    expect(texts.some((t) => t.includes('from "clusters"') && t.includes('eur_search_query($'))).toBe(true);
    expect(attributesOf(queries[0]!)['db.system.name']).toBe('postgresql');
  });

  it('carry no personal data or secret: no SQL values, e-mail address, password, session, token in a path or client address', () => {
    const raw = Buffer.concat(received.map((r) => r.body)).toString('utf8');
    expect(raw.length).toBeGreaterThan(0);
    for (const secret of [ADMIN.email, ADMIN.password, SEARCH_TERM, PATH_TOKEN, sessionCookie.split('=')[1]!]) {
      expect(raw).not.toContain(secret);
    }
    const keys = new Set(spans().flatMap((s) => s.attributes.map((a) => a.key)));
    for (const key of ['url.path', 'url.full', 'url.query', 'client.address', 'db.postgresql.values', 'db.connection_string', 'db.user']) {
      expect(keys.has(key)).toBe(false);
    }
  });
});
