import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { printLoadResult } from './latencies.ts';

/**
 * The load generator of the mixed workload, in its own process (pinned to its own core): every
 * keep-alive connection cycles through the same ten requests a busy day brings — portal list
 * and search, public and staff detail reads, a staff list, and a staff member creating a
 * cluster and then correcting it (If-Match with the ETag the create answered). Prints one
 * JSON line: throughput, latency percentiles from every response, and the answers by status.
 */
interface Input {
  url: string;
  connections: number;
  duration: number;
  key: string;
  cookie: string;
  csrf: string;
  slugs: string[];
  ids: string[];
}
const input = JSON.parse(process.argv[2]!) as Input;
type Context = { n?: number; created?: string; etag?: string };

const pick = <T>(list: T[], context: Context, salt: number) => list[((context.n ?? 0) * 7 + salt) % list.length]!;
const portal = { authorization: `Bearer ${input.key}`, 'accept-encoding': 'identity' };
const staff = { cookie: input.cookie, 'x-csrf-token': input.csrf, 'accept-encoding': 'identity' };
const staffJson = { ...staff, 'content-type': 'application/json' };
const lists = ['lang=pl&limit=25', 'lang=de&limit=25&country=PL', 'lang=en&limit=25&sector=C', 'lang=pl&limit=25&brand=true'];
const searches = ['metal', 'Wasserstoff', 'zielona%20gora', 'fotoniki', 'photnics', 'Logistik%20Guben'];

const requests: autocannon.Request[] = [
  {
    method: 'GET',
    path: '/api/v1/public/clusters',
    headers: portal,
    // Each pass through the list moves every connection to other records and queries.
    setupRequest: (req, context: Context) => {
      context.n = (context.n ?? Math.floor(Math.random() * 1000)) + 1;
      return { ...req, path: `/api/v1/public/clusters?${pick(lists, context, 0)}` };
    },
  },
  {
    method: 'GET',
    headers: portal,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/public/clusters?lang=en&limit=25&q=${pick(searches, context, 1)}` }),
  },
  {
    method: 'GET',
    headers: portal,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/public/clusters/${pick(input.slugs, context, 2)}?lang=pl` }),
  },
  {
    method: 'GET',
    headers: portal,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/public/clusters/${pick(input.slugs, context, 3)}?lang=de` }),
  },
  {
    method: 'GET',
    headers: staff,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/clusters/${pick(input.ids, context, 4)}` }),
  },
  { method: 'GET', path: '/api/v1/clusters?limit=25', headers: staff },
  {
    method: 'POST',
    path: '/api/v1/clusters',
    headers: staffJson,
    setupRequest: (req) => ({
      ...req,
      body: JSON.stringify({ kind: 'network', name: { de: `Lastprobe ${randomUUID()}` }, regions: ['DE403'], partner: 'BIC' }),
    }),
    onResponse: (status, body, context: Context, headers) => {
      if (status !== 201) return;
      context.created = (JSON.parse(body) as { id: string }).id;
      context.etag = String((headers as Record<string, string>).etag);
    },
  },
  {
    method: 'PATCH',
    headers: staffJson,
    setupRequest: (req, context: Context) => ({
      ...req,
      path: `/api/v1/clusters/${context.created}`,
      headers: { ...staffJson, 'if-match': context.etag! },
      body: JSON.stringify({ description: { de: 'Nachgetragen während der Lastprobe' } }),
    }),
  },
  {
    method: 'GET',
    headers: portal,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/public/clusters?lang=pl&limit=25&q=${pick(searches, context, 5)}` }),
  },
  {
    method: 'GET',
    headers: staff,
    setupRequest: (req, context: Context) => ({ ...req, path: `/api/v1/clusters/${pick(input.ids, context, 6)}` }),
  },
];

const latencies: number[] = [];
const statuses: Record<number, number> = {};
const instance = autocannon({
  url: input.url,
  connections: input.connections,
  duration: input.duration,
  requests,
}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
  latencies.push(responseTime);
  statuses[status] = (statuses[status] ?? 0) + 1;
});
const result = await instance;

printLoadResult(result, latencies, { statuses });
