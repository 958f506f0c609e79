import { randomUUID } from 'node:crypto';
import { link, mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/** What the thread of pglite-worker.js is started with. */
export interface PgliteWorkerData {
  /** A folder, or `memory://`. */
  dataDir: string;
  /** A data directory dumped with `dumpDataDir('gzip')`, loaded instead of opening dataDir. */
  dump?: ArrayBuffer;
  socketPath: string;
}

/** What the thread reports. */
export type PgliteWorkerReport = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'closed' };

/** The wire-protocol address of the embedded database, for node-postgres. */
export interface EmbeddedServer {
  /** The folder of the Unix socket (node-postgres's `host`), with `port` naming the socket file. */
  host: string;
  port: number;
  /** Closes the database (flushing it to its folder), ends the thread, removes the socket. */
  stop(): Promise<void>;
}

// The socket file is `<host>/.s.PGSQL.<port>`, as a PostgreSQL server names it.
const PORT = 5432;
const LOCK_FILE = 'euregionet.pid';
const openInThisProcess = new Set<string>();

/**
 * Starts the embedded database on a worker thread, serving the PostgreSQL wire protocol on a
 * Unix socket in a private temporary folder (no other user can connect, nothing listens on the
 * network). `onExit` hears of a thread that ends without being asked to.
 */
export async function startEmbeddedServer(
  source: { dataDir: string } | { dump: ArrayBuffer },
  options: { onExit?: (err: Error) => void } = {},
): Promise<EmbeddedServer> {
  const dataDir = 'dataDir' in source && !source.dataDir.startsWith('memory://') ? resolve(source.dataDir) : undefined;
  const releaseLock = dataDir ? await lockDataDir(dataDir) : async () => undefined;
  const host = await mkdtemp(join(tmpdir(), 'euregionet-db-'));
  const cleanUp = async () => {
    await rm(host, { recursive: true, force: true });
    await releaseLock();
  };

  const data: PgliteWorkerData = {
    dataDir: dataDir ?? 'memory://',
    socketPath: join(host, `.s.PGSQL.${PORT}`),
    ...('dump' in source ? { dump: source.dump } : {}),
  };
  let worker: Worker;
  try {
    worker = new Worker(workerFile, {
      workerData: data,
      transferList: 'dump' in source ? [source.dump] : [],
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }

  let stopping = false;
  const exited = new Promise<number>((done) => worker.once('exit', done));
  try {
    await new Promise<void>((ready, failed) => {
      const onMessage = (message: PgliteWorkerReport) => {
        if (message.type === 'ready') ready();
        if (message.type === 'failed') failed(new Error(`The embedded database did not open: ${message.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', failed);
      void exited.then((code) => failed(new Error(`The embedded database's thread ended (exit code ${code}) before it was ready`)));
    });
  } catch (err) {
    await worker.terminate();
    await cleanUp();
    throw err;
  }
  worker.on('error', (err) => options.onExit?.(err));
  void exited.then((code) => {
    if (!stopping) options.onExit?.(new Error(`The embedded database's thread ended unexpectedly (exit code ${code})`));
  });

  return {
    host,
    port: PORT,
    async stop() {
      if (stopping) return;
      stopping = true;
      worker.postMessage({ type: 'close' });
      // Closing writes the last changes to the folder; a thread that hangs is ended after a while.
      const timer = setTimeout(() => void worker.terminate(), 30_000);
      await exited;
      clearTimeout(timer);
      await cleanUp();
    },
  };
}

/**
 * Only one process may open a data folder: two would each keep their own copy in memory and
 * overwrite each other's changes. The lock is a file with the owner's process id; one left by a
 * process that no longer runs is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const inUse = (owner: string) => new DataDirInUseError(dataDir, owner);
  if (openInThisProcess.has(dataDir)) throw inUse('this process');
  // The lock appears with its process id already in it (written aside, then linked into place,
  // which fails if a lock exists): a second process started at the same moment never reads an
  // empty lock and takes it for a stale one.
  const mine = join(dataDir, `${LOCK_FILE}.${process.pid}.${randomUUID()}`);
  await writeFile(mine, `${process.pid}\n`);
  try {
    for (;;) {
      try {
        await link(mine, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
        // In a container the API is often process 1 on every start: its own id is a leftover.
        if (owner > 0 && owner !== process.pid && isRunning(owner)) throw inUse(`process ${owner}`);
        await takeOverStale(file, owner);
      }
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
  openInThisProcess.add(dataDir);
  return async () => {
    openInThisProcess.delete(dataDir);
    await unlink(file).catch(() => undefined);
  };
}

/**
 * Removes a lock whose owner has ended. It is first moved aside (one process wins the move), and
 * put back if it turns out to be a live process's fresh lock that replaced the stale one meanwhile.
 */
async function takeOverStale(file: string, staleOwner: number) {
  const aside = `${file}.stale.${process.pid}.${randomUUID()}`;
  try {
    await rename(file, aside);
  } catch {
    return; // another process moved it first; try to take the lock again
  }
  const owner = Number.parseInt(await readFile(aside, 'utf8').catch(() => ''), 10);
  if (owner !== staleOwner && owner > 0 && isRunning(owner)) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** The data folder is open in another process (or already in this one). */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by ${owner}: only one process can open the embedded database (stop it first, or set DATABASE_URL)`,
    );
    this.name = 'DataDirInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// JavaScript beside this file, in the sources as in the build (see its first lines).
const workerFile = new URL('./pglite-worker.js', import.meta.url);
