import autocannon from 'autocannon';
import { printLoadResult } from './latencies.ts';

/**
 * One load run, in its own process so that it can be pinned to its own core: HTTP/1.1
 * keep-alive connections on loopback cycling through the given paths. Prints one JSON line:
 * throughput and latency percentiles computed from every response.
 */
const { url, paths, connections, duration, headers } = JSON.parse(process.argv[2]!) as {
  url: string;
  paths: string[];
  connections: number;
  duration: number;
  headers: Record<string, string>;
};

const latencies: number[] = [];
// Without a callback autocannon returns an instance that is also a promise of the result.
const instance = autocannon({
  url,
  connections,
  duration,
  headers,
  requests: paths.map((path) => ({ method: 'GET', path })),
}) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
const result = await instance;

printLoadResult(result, latencies, {
  // Headers and body: what trimming headers and storing bytes changes on the wire.
  bytes: result.requests.total ? result.throughput.total / result.requests.total : 0,
});
