import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Several API processes from the built code behind a small round-robin proxy, all on loopback:
 * the production topology (docker-compose.yml) without Docker, for the tests, the benchmark and a
 * developer's machine. The processes share the PostgreSQL and Redis given in `env`.
 */

/** The built server; from src/topology and dist/topology alike. */
export const BUILT_SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));

export interface TopologyOptions {
  /** API processes; 3 as in docker-compose.yml. */
  processes?: number;
  /** Environment of every API process: at least DATABASE_URL, and REDIS_URL for shared limits. */
  env: Record<string, string>;
  /** The proxy's port on 127.0.0.1; 0 picks a free one. */
  proxyPort?: number;
  /** How often the proxy asks each process's /health/ready. */
  healthIntervalMs?: number;
  /** Every line a process prints, with its number (1-based). */
  onLine?: (instance: number, line: string) => void;
}

export type InstanceState = 'starting' | 'running' | 'stopping' | 'stopped';

export interface Instance {
  /** 1-based, as the replicas are numbered in compose. */
  number: number;
  port: number;
  url: string;
  pid: number | undefined;
  state: InstanceState;
  /** Whether the proxy sends it traffic (its last health check answered 200). */
  inRotation: boolean;
  /** Requests the proxy has sent it (over all its restarts). */
  served: number;
  /** Left out of the rotation on purpose (a benchmark with fewer processes), whatever its health. */
  excluded: boolean;
  /** The last lines it printed (its log). */
  log: string[];
}

export interface Topology {
  /** The proxy: where clients send their requests. */
  url: string;
  instances: readonly Instance[];
  /** Sends `signal` to process `n` and waits for it to end; its exit code. */
  stop(n: number, signal?: NodeJS.Signals): Promise<number | null>;
  /** kill -9. */
  kill(n: number): Promise<void>;
  /** Starts process `n` again (on its port) and waits until it is ready and back in the proxy's rotation. */
  restart(n: number): Promise<void>;
  /** Waits until the proxy has taken process `n` out of its rotation (or, with `true`, into it). */
  untilInRotation(n: number, inRotation: boolean, timeoutMs?: number): Promise<void>;
  /** Stops the proxy and every process (SIGTERM). */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Headers that belong to one connection, not to the request: never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

function problem(res: ServerResponse, status: 502 | 503, code: string, detail: string) {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ type: 'about:blank', title: status === 502 ? 'Bad Gateway' : 'Service Unavailable', status, code, detail });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), 'retry-after': '1' });
  res.end(body);
}

interface Running {
  instance: Instance;
  child?: ChildProcess;
  exited?: Promise<number | null>;
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: build the API first (pnpm build)`);
  if (!options.env.DATABASE_URL) throw new Error('DATABASE_URL is required: several processes cannot share the embedded database');
  const count = options.processes ?? 3;
  const healthIntervalMs = options.healthIntervalMs ?? 500;
  const running: Running[] = [];
  for (let number = 1; number <= count; number++) {
    const port = await freePort();
    running.push({
      instance: {
        number,
        port,
        url: `http://127.0.0.1:${port}`,
        pid: undefined,
        state: 'stopped',
        inRotation: false,
        served: 0,
        excluded: false,
        log: [],
      },
    });
  }
  const at = (n: number): Running => {
    const r = running[n - 1];
    if (!r) throw new Error(`no process ${n} (there are ${count})`);
    return r;
  };

  // --- the processes ---
  async function launch(r: Running): Promise<void> {
    const { instance } = r;
    const child = spawn(process.execPath, [BUILT_SERVER], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DEMO_DATA: 'false',
        // One proxy in front: the client's address is the last X-Forwarded-For entry.
        TRUST_PROXY: '1',
        ...options.env,
        HOST: '127.0.0.1',
        PORT: String(instance.port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    r.child = child;
    instance.pid = child.pid;
    instance.state = 'starting';
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        instance.state = 'stopped';
        instance.inRotation = false;
        resolve(code);
      }),
    );
    r.exited = exited;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        instance.log.push(line);
        if (instance.log.length > 200) instance.log.shift();
        options.onLine?.(instance.number, line);
      });
    }
    let ended = false;
    void exited.then(() => (ended = true));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (ended) throw new Error(`API process ${instance.number} ended while starting:\n${instance.log.slice(-20).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`API process ${instance.number} was not ready within 60 s`);
      if (await ready(instance)) break;
      await sleep(50);
    }
    instance.state = 'running';
  }

  // --- the proxy ---
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });

  async function ready(instance: Instance): Promise<boolean> {
    try {
      const res = await fetch(`${instance.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  let checking = false;
  const healthTimer = setInterval(() => {
    if (checking) return;
    checking = true;
    void Promise.all(
      running.map(async ({ instance }) => {
        // Only what the process answers counts: a process told to stop stays in rotation until
        // it says it is not ready (SHUTDOWN_DRAIN_MS), as behind any load balancer.
        instance.inRotation = instance.state !== 'stopped' && (await ready(instance));
      }),
    ).finally(() => (checking = false));
  }, healthIntervalMs);

  let next = 0;
  function pick(tried: Set<Instance>): Instance | undefined {
    for (let i = 0; i < running.length; i++) {
      const instance = running[(next + i) % running.length]!.instance;
      if (instance.inRotation && !instance.excluded && !tried.has(instance)) {
        next = (next + i + 1) % running.length;
        return instance;
      }
    }
    return undefined;
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<Instance>) {
    const instance = pick(tried);
    if (!instance) return problem(res, 503, 'SERVICE_UNAVAILABLE', 'No API process is ready');
    tried.add(instance);
    instance.served++;
    const client = req.socket.remoteAddress ?? '';
    const forwardedFor = req.headers['x-forwarded-for'] ? `${String(req.headers['x-forwarded-for'])}, ${client}` : client;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: instance.port,
        method: req.method,
        path: req.url,
        agent,
        headers: {
          ...forwardable(req.headers),
          'x-forwarded-for': forwardedFor,
          'x-forwarded-proto': 'http',
          'x-forwarded-host': req.headers.host ?? '',
          'content-length': String(body.length),
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      // Refused: the request never reached the process, so another may take it, whatever its
      // method. Any other failure may have reached it: not repeated, as a write could run twice.
      if (err.code === 'ECONNREFUSED' && !res.headersSent) {
        instance.inRotation = false;
        return forward(req, res, body, tried);
      }
      problem(res, 502, 'BAD_GATEWAY', `API process ${instance.number} failed: ${err.code ?? err.message}`);
    });
    upstream.end(body);
  }

  // The body is read whole before it is sent on (as nginx does by default), so that a request
  // refused by one process can go to another.
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), new Set()));
    req.on('error', () => res.destroy());
  });
  proxy.keepAliveTimeout = 65_000;

  async function stop(n: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const r = at(n);
    if (!r.child || r.instance.state === 'stopped') return r.exited ? await r.exited : null;
    if (signal !== 'SIGKILL') r.instance.state = 'stopping';
    r.child.kill(signal);
    return await r.exited!;
  }

  async function untilInRotation(n: number, inRotation: boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (at(n).instance.inRotation !== inRotation) {
      if (Date.now() > deadline) throw new Error(`process ${n} was not ${inRotation ? 'taken into' : 'taken out of'} rotation`);
      await sleep(20);
    }
  }

  const topology: Topology = {
    url: '',
    instances: running.map((r) => r.instance),
    stop,
    kill: async (n) => void (await stop(n, 'SIGKILL')),
    async restart(n) {
      const r = at(n);
      if (r.instance.state !== 'stopped') await stop(n);
      await launch(r);
      await untilInRotation(n, true);
    },
    untilInRotation,
    async close() {
      clearInterval(healthTimer);
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      proxy.closeAllConnections();
      await closed;
      await Promise.all(running.map((_, i) => stop(i + 1)));
      agent.destroy();
    },
  };

  try {
    // The first migrates the database while the others would wait on its lock: one at a time
    // at first, then the rest together.
    await launch(running[0]!);
    await Promise.all(running.slice(1).map(launch));
    await new Promise<void>((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(options.proxyPort ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await topology.close().catch(() => undefined);
    throw err;
  }
  topology.url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  await Promise.all(running.map((r) => untilInRotation(r.instance.number, true)));
  return topology;
}
