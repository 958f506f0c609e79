import { createServer } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/** @typedef {import('node:net').Socket} Socket */

// JavaScript, not TypeScript, so that the same file runs as a thread from the built API, from
// the sources under tsx and from jest (a worker thread loads it with Node's own loader).
//
// The embedded database on its own thread. PGlite runs PostgreSQL compiled to WebAssembly
// synchronously on the thread that calls it: on the API's thread one long query froze every
// request. Here it answers the PostgreSQL wire protocol on a Unix socket, so the API talks to
// it with the same driver as to a server, and its thread stays free while a query runs.
//
// PGlite is one backend, so this serves one connection at a time: a connection that arrives
// while another is open waits until that one closes. Interleaving the messages of two
// connections would mix their extended-query state (the unnamed statement and portal) and
// their transactions.

/**
 * @typedef {object} PgliteWorkerData
 * @property {string} dataDir A folder, or `memory://`.
 * @property {ArrayBuffer} [dump] A data directory dumped with `dumpDataDir('gzip')`, loaded instead of opening dataDir.
 * @property {string} socketPath
 */
/** @typedef {{ type: 'ready' } | { type: 'failed'; message: string } | { type: 'closed' }} PgliteWorkerReport */

/** Extensions that the migrations create; PGlite must be given them when it opens. */
const extensions = { pg_trgm, unaccent };

const SSL_REQUEST = 80_877_103;
const GSS_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
const TERMINATE = 0x58; // 'X'

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const data = /** @type {PgliteWorkerData} */ (workerData);
/** @param {PgliteWorkerReport} message */
const report = (message) => port.postMessage(message);

/** @type {PGlite} */
let db;
try {
  const options = { extensions };
  db = data.dump
    ? await PGlite.create({ ...options, loadDataDir: new Blob([data.dump]) })
    : await PGlite.create(data.dataDir, options);
} catch (err) {
  report({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

/** @type {Socket[]} Connections in the order they arrived; the first one is served. */
const connections = [];
let closing = false;

const server = createServer((socket) => {
  if (closing) return void socket.destroy();
  connections.push(socket);
  if (connections.length === 1) serve(socket);
  else socket.pause();
});

/**
 * Reads the socket's messages and hands each to PGlite in order, writing what PGlite answers.
 * @param {Socket} socket
 */
function serve(socket) {
  /** @type {Buffer} */
  let buffered = Buffer.alloc(0);
  let started = false;
  let work = Promise.resolve();

  /** @param {Buffer} message */
  const run = async (message) => {
    if (socket.destroyed) return;
    await db.runExclusive(() =>
      db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (chunk) => {
          if (!socket.destroyed) socket.write(Buffer.from(chunk));
        },
      }),
    );
  };

  socket.on('data', (/** @type {Buffer} */ chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    for (;;) {
      if (!started) {
        // Startup messages have no type byte: length, then a code.
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        const code = buffered.readInt32BE(4);
        if (buffered.length < length) return;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) socket.write('N');
        else if (code === CANCEL_REQUEST) socket.end();
        else {
          started = true;
          work = work.then(() => run(message));
        }
        continue;
      }
      if (buffered.length < 5) return;
      const length = 1 + buffered.readInt32BE(1);
      if (buffered.length < length) return;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      if (message[0] === TERMINATE) {
        socket.end();
        return;
      }
      work = work.then(() => run(message));
    }
  });

  socket.on('error', () => undefined);
  socket.on('close', () => {
    work = work
      .catch(() => undefined)
      // A client gone in the middle of a transaction must not leave it open for the next one.
      .then(async () => {
        if (db.isInTransaction()) await db.exec('ROLLBACK');
      })
      .catch(() => undefined)
      .then(() => {
        connections.shift();
        const next = connections[0];
        if (next && !closing) {
          serve(next);
          next.resume();
        }
        if (!connections.length) idle?.();
      });
  });
}

/** @type {(() => void) | undefined} */
let idle;

port.on('message', (/** @type {{ type: 'close' }} */ message) => {
  if (message.type !== 'close' || closing) return;
  closing = true;
  void (async () => {
    await new Promise((resolve) => server.close(resolve));
    // Waiting clients are turned away; the one being served finishes what it sent.
    for (const socket of connections.slice(1)) socket.destroy();
    if (connections.length) {
      await new Promise((resolve) => {
        idle = () => resolve(undefined);
        const socket = /** @type {Socket} */ (connections[0]);
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      });
    }
    // Closing flushes the data directory to disk.
    await db.close();
    report({ type: 'closed' });
    port.close();
  })();
});

server.on('error', (err) => {
  report({ type: 'failed', message: err.message });
  process.exit(1);
});
server.listen(data.socketPath, () => report({ type: 'ready' }));
