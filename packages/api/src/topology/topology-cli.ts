import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startTopology, type Topology } from './topology.js';

/**
 * `pnpm topology [--processes 3] [--port 8080] [--quiet]`: the production topology on loopback
 * from the built code, with DATABASE_URL and REDIS_URL (and any other setting) from the
 * environment. Reads commands on stdin: `stop N`, `kill N`, `restart N`, `status`, `quit`.
 */
const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '3' },
    port: { type: 'string', default: '8080' },
    quiet: { type: 'boolean', default: false },
  },
});

const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
if (!env.REDIS_URL) console.warn('REDIS_URL is not set: each process counts its own rate limits');
// Enough for the proxy's health checks (every 500 ms) to take a stopping process out first.
env.SHUTDOWN_DRAIN_MS ??= '2000';

let topology: Topology;
try {
  topology = await startTopology({
    processes: Number(values.processes),
    proxyPort: Number(values.port),
    env,
    onLine: values.quiet ? undefined : (n, line) => console.log(`[api-${n}] ${line}`),
  });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const status = () =>
  topology.instances
    .map((i) => `api-${i.number} ${i.url} pid ${i.pid ?? '-'} ${i.state}${i.inRotation ? ', in rotation' : ''}, served ${i.served}`)
    .join('\n');
console.log(`Proxy at ${topology.url} in front of:\n${status()}\nCommands: stop N | kill N | restart N | status | quit`);

let closing = false;
async function quit() {
  if (closing) return;
  closing = true;
  await topology.close();
  process.exit(0);
}
process.once('SIGINT', () => void quit());
process.once('SIGTERM', () => void quit());

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/);
  const n = Number(arg);
  const run = async () => {
    switch (command) {
      case 'stop':
        return `api-${n} exited with ${await topology.stop(n)}`;
      case 'kill':
        await topology.kill(n);
        return `api-${n} killed`;
      case 'restart':
        await topology.restart(n);
        return `api-${n} ready again`;
      case 'status':
        return status();
      case 'quit':
        await quit();
        return '';
      default:
        return 'Commands: stop N | kill N | restart N | status | quit';
    }
  };
  run().then(
    (out) => out && console.log(out),
    (err: Error) => console.error(err.message),
  );
});
