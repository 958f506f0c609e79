import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc, { type Arbitrary } from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadDemoData } from '../db/seed.js';
import { createSessions } from '../modules/auth/sessions.js';
import { csrfTokenOf } from '../modules/auth/tokens.js';
import { createTestApp, json, type TestApp } from '../test/app.js';
import { arbitraryFor, resolve, type Components, type JsonSchema } from './schema-arbitrary.js';

/**
 * Property-based fuzzing of every operation of the OpenAPI document: requests an honest client
 * could send, and requests nobody should (wrong types, missing and extra fields, out-of-range
 * numbers, overlong and naughty strings, invalid UTF-8, wrong content types). Every answer must
 * be one the document declares, match its schema, never be a 5xx, and errors must be
 * problem+json. New routes are fuzzed without anyone adding them here.
 *
 * In CI: FUZZ_RUNS (default 12) runs per operation and mode, with a fixed seed. Locally, longer:
 *   FUZZ_RUNS=500 FUZZ_SEED=$RANDOM NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects api-pglite --testPathPatterns openapi-fuzz
 * A failure prints the seed, the shrunk request and the answer.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? 2017);

const NAUGHTY: string[] = createRequire(import.meta.url)('big-list-of-naughty-strings') as string[];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Components };
}
interface Call {
  method: string;
  path: string;
  op: Operation;
}

let t: TestApp;
let doc: Doc;
let calls: Call[] = [];
let knownIds: string[] = [];
let adminId: string;
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats.default(ajv);

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 10_000_000 });
  await loadDemoData(t.database.db);
  const admin = await t.admin();
  adminId = admin.id;
  doc = json<Doc>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  calls = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
  // Real ids make the fuzzer reach past "not found": every id the list operations show.
  const ids = new Set<string>();
  for (const call of calls.filter((c) => c.method === 'GET' && !c.path.includes('{'))) {
    const res = await admin.inject({ method: 'GET', url: call.path });
    for (const m of res.body.matchAll(/"id":"([0-9a-f-]{36})"/g)) ids.add(m[1]!);
  }
  knownIds = [...ids].filter((id) => id !== adminId);
});
afterAll(() => t.close());

/** A fresh administrator session per request: some operations end sessions (logout, passwords). */
async function asAdmin(options: InjectOptions): Promise<LightMyRequestResponse> {
  const { token } = await createSessions(t.database.db, t.config.session).create(adminId, { ip: '127.0.0.1', userAgent: 'fuzz' });
  return t.app.inject({
    ...options,
    headers: { cookie: `eurn_session=${token}`, 'x-csrf-token': csrfTokenOf(token), ...(options.headers as Record<string, string>) },
  });
}

const refOf = (schema: JsonSchema): JsonSchema =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as JsonSchema;

function validates(schema: JsonSchema, value: unknown): string | undefined {
  const validate = ajv.compile(refOf(schema));
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

interface Request {
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: unknown;
  raw?: { payload: Buffer | string; contentType: string };
}

function toInject(call: Call, r: Request): InjectOptions {
  const url = call.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(r.params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) {
    if (v === undefined) continue;
    search.append(k, Array.isArray(v) ? v.map(String).join(',') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  }
  const query = search.toString();
  const options: InjectOptions = {
    method: call.method as InjectOptions['method'],
    url: query ? `${url}?${query}` : url,
    headers: { ...r.headers },
  };
  if (r.raw) {
    options.payload = r.raw.payload;
    (options.headers as Record<string, string>)['content-type'] = r.raw.contentType;
  } else if (r.body !== undefined) {
    options.payload = JSON.stringify(r.body);
    (options.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  return options;
}

const paramsOf = (call: Call, where: Parameter['in']) => (call.op.parameters ?? []).filter((p) => p.in === where);
const bodySchema = (call: Call) => call.op.requestBody?.content['application/json']?.schema;

function validRequest(call: Call): Arbitrary<Request> {
  const components = doc.components.schemas;
  const idOrRandom = knownIds.length ? fc.oneof(fc.constantFrom(...knownIds), fc.uuid()) : fc.uuid();
  const path = Object.fromEntries(
    paramsOf(call, 'path').map((p) => [
      p.name,
      resolve(p.schema, components).format === 'uuid' ? idOrRandom : arbitraryFor(p.schema, components),
    ]),
  );
  const query = Object.fromEntries(paramsOf(call, 'query').map((p) => [p.name, arbitraryFor(p.schema, components)]));
  const requiredQuery = paramsOf(call, 'query')
    .filter((p) => p.required)
    .map((p) => p.name);
  const headers = paramsOf(call, 'header').some((p) => p.name === 'if-match')
    ? fc.record({ 'if-match': fc.constantFrom('"v1"', '"v2"', '*') })
    : fc.constant({});
  const body = bodySchema(call);
  return fc.record({
    params: fc.record(path) as Arbitrary<Record<string, string>>,
    query: fc.record(query, { requiredKeys: requiredQuery }),
    headers: headers as Arbitrary<Record<string, string>>,
    ...(body ? { body: arbitraryFor(body, components) } : {}),
  });
}

const naughty = fc.constantFrom(...NAUGHTY);
const overlong = fc.integer({ min: 300, max: 20_000 }).map((n) => 'ż'.repeat(n));
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);

/** A valid request with one thing wrong. */
function invalidRequest(call: Call): Arbitrary<Request> {
  const components = doc.components.schemas;
  const body = bodySchema(call);
  const props = body ? Object.keys(resolve(body, components).properties ?? {}) : [];
  const required = body ? (resolve(body, components).required ?? []) : [];
  const queryNames = paramsOf(call, 'query').map((p) => p.name);
  const pathNames = paramsOf(call, 'path').map((p) => p.name);
  const mutations: Arbitrary<(r: Request) => Request>[] = [
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 12 }), naughty)
      .map(([k, v]) => (r: Request) => ({ ...r, query: { ...r.query, [`x${k}`]: v } })),
  ];
  if (queryNames.length) {
    mutations.push(
      fc
        .tuple(fc.constantFrom(...queryNames), fc.oneof(naughty, overlong, wrongType))
        .map(([k, v]) => (r: Request) => ({ ...r, query: { ...r.query, [k]: v } })),
    );
  }
  if (pathNames.length) {
    mutations.push(
      fc
        .tuple(fc.constantFrom(...pathNames), fc.oneof(naughty, overlong))
        .map(([k, v]) => (r: Request) => ({ ...r, params: { ...r.params, [k]: v } })),
    );
  }
  if (body) {
    mutations.push(
      wrongType.map((v) => (r: Request) => ({ ...r, body: v })),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.anything())
        .map(([k, v]) => (r: Request) => ({ ...r, body: { ...(r.body as object), [`extra_${k}`]: v } })),
      fc.constant((r: Request) => ({
        ...r,
        raw: { payload: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]), contentType: 'application/json' },
      })),
      fc
        .constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded')
        .map((contentType) => (r: Request) => ({ ...r, raw: { payload: 'name=<script>alert(1)</script>', contentType } })),
      fc.constant((r: Request) => ({ ...r, raw: { payload: '{"a":'.repeat(5000), contentType: 'application/json' } })),
    );
    if (props.length) {
      mutations.push(
        fc
          .tuple(fc.constantFrom(...props), fc.oneof(naughty, overlong, wrongType, fc.constantFrom(-1e308, 1e308, -1, 0, 2 ** 53)))
          .map(([k, v]) => (r: Request) => ({ ...r, body: { ...(r.body as object), [k]: v } })),
      );
    }
    if (required.length) {
      mutations.push(
        fc.constantFrom(...required).map((k) => (r: Request) => {
          const { [k]: _dropped, ...rest } = r.body as Record<string, unknown>;
          return { ...r, body: rest };
        }),
      );
    }
  }
  return fc.tuple(validRequest(call), fc.oneof(...mutations)).map(([r, mutate]) => mutate(r));
}

function check(call: Call, request: InjectOptions, res: LightMyRequestResponse, sent: string) {
  const fail = (why: string) => {
    throw new Error(
      `${why}\n  request: ${request.method} ${request.url}\n  body: ${String(request.payload ?? '').slice(0, 400)}\n  answer: ${res.statusCode} ${res.body.slice(0, 400)}`,
    );
  };
  if (res.statusCode >= 500) fail('a 5xx answer');
  const declared = call.op.responses[String(res.statusCode)];
  if (!declared) fail(`status ${res.statusCode} is not declared for ${call.op.operationId}`);
  const type = String(res.headers['content-type'] ?? '');
  if (res.headers['x-content-type-options'] !== 'nosniff') fail('no X-Content-Type-Options: nosniff');
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) fail('an error that is not problem+json');
    const error = validates({ $ref: '#/components/schemas/Problem' }, json(res));
    if (error) fail(`the problem does not match its schema: ${error}`);
    return;
  }
  const schema = declared!.content?.['application/json']?.schema;
  if (schema && res.statusCode !== 204) {
    const error = validates(schema, json(res));
    if (error) fail(`the answer does not match its declared schema: ${error}`);
  }
  if (type.includes('text/html') && sent.length > 3 && res.body.includes(sent)) fail('request text echoed into an HTML answer');
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('finds operations to fuzz', () => {
    if (calls.length < 10) throw new Error(`only ${calls.length} operations in the document`);
  });

  // The operations are known only once the app runs, so one test walks them all; a failure
  // names the operation, the seed and the shrunk request.
  it.each(['valid', 'invalid'] as const)(
    '%s requests get declared, well-formed answers and never a 5xx',
    async (mode) => {
      for (const call of calls) {
        const requests = mode === 'valid' ? validRequest(call) : invalidRequest(call);
        await fc.assert(
          fc.asyncProperty(requests, async (r) => {
            const options = toInject(call, r);
            const res = await asAdmin(options);
            check(call, options, res, typeof options.payload === 'string' ? options.payload : '');
          }),
          { numRuns: RUNS, seed: SEED },
        );
      }
    },
    15 * 60_000,
  );
});
