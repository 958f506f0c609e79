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

/** @typedef {import('./embedded.js').PgliteWorkerData} PgliteWorkerData */
/** @typedef {import('./embedded.js').PgliteWorkerReport} PgliteWorkerReport */

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
  db = data.dump ? await PGlite.create({ ...options, loadDataDir: new Blob([data.dump]) }) : await PGlite.create(data.dataDir, options);
} catch (err) {
  report({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

/** @type {Socket[]} Connections in the order they arrived; the first one is served. */
const connections = [];
let closing = false;
/** @type {(() => void) | undefined} */
let idle;

const server = createServer((socket) => {
  if (closing) return void socket.destroy();
  socket.on('error', () => undefined);
  connections.push(socket);
  if (connections.length === 1) serve(socket);
  else {
    socket.pause();
    // One that gives up waiting leaves the line.
    socket.once('close', () => {
      const at = connections.indexOf(socket);
      if (at > 0) connections.splice(at, 1);
    });
  }
});

/** Serves the next connection in line once the current one has closed. */
function next() {
  connections.shift();
  if (closing) return void idle?.();
  const socket = connections[0];
  if (socket) {
    serve(socket);
    socket.resume();
  }
}

/**
 * Reads the socket's messages and hands each to PGlite in order, writing what PGlite answers.
 * @param {Socket} socket
 */
function serve(socket) {
  /** @type {Buffer[]} */
  let pending = [];
  let pendingBytes = 0;
  /** Bytes the message being received needs in all (0 while unknown): a large one is copied once, when complete. */
  let needed = 0;
  let started = false;
  let work = Promise.resolve();

  /** @param {Buffer} message */
  const run = (message) => {
    work = work
      .then(async () => {
        if (socket.destroyed) return;
        await db.runExclusive(() =>
          db.execProtocolRawStream(new Uint8Array(message), {
            onRawData: (chunk) => {
              if (!socket.destroyed) socket.write(Buffer.from(chunk));
            },
          }),
        );
      })
      // A message PGlite cannot take leaves the session in an unknown state: end it.
      .catch((err) => void socket.destroy(err));
  };

  socket.on('data', (/** @type {Buffer} */ chunk) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (needed && pendingBytes < needed) return;
    let buffered = pending.length === 1 ? chunk : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    needed = 0;
    // Startup messages have no type byte: length, then a code.
    while (!started && buffered.length >= 8) {
      const length = buffered.readInt32BE(0);
      if (buffered.length < length) {
        needed = length;
        break;
      }
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSS_REQUEST) socket.write('N');
      else if (code === CANCEL_REQUEST) return void socket.end();
      else {
        started = true;
        run(message);
      }
    }
    if (started) {
      // Every complete message in one call: PGlite takes a batch (a query's Parse, Bind, Execute
      // and Sync), which saves a round through the queue for each.
      let end = 0;
      let terminate = false;
      while (buffered.length - end >= 5) {
        const length = 1 + buffered.readInt32BE(end + 1);
        if (buffered.length - end < length) {
          needed = length;
          break;
        }
        if (buffered[end] === TERMINATE) {
          terminate = true;
          break;
        }
        end += length;
      }
      if (end) run(buffered.subarray(0, end));
      if (terminate) return void socket.end();
      buffered = buffered.subarray(end);
    }
    if (buffered.length) {
      pending = [buffered];
      pendingBytes = buffered.length;
    }
  });

  socket.once('close', () => {
    work = work
      // A client gone in the middle of a transaction must not leave it open for the next one.
      .then(async () => {
        if (db.isInTransaction()) await db.exec('ROLLBACK');
      })
      .catch(() => undefined)
      .then(next);
  });
}

port.on('message', (/** @type {{ type: 'close' }} */ message) => {
  if (message.type !== 'close' || closing) return;
  closing = true;
  server.close();
  void (async () => {
    // Waiting clients are turned away; the one being served finishes what it sent.
    for (const socket of connections.slice(1)) socket.destroy();
    const served = connections[0];
    if (served) {
      await new Promise((resolve) => {
        idle = () => resolve(undefined);
        served.end();
        setTimeout(() => served.destroy(), 1000).unref();
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
