import pino from 'pino';

/**
 * What a log line may say about a request and an error. Logs are kept apart from the data and
 * outlive its erasure, so they hold no values that people typed: no query string (a search may
 * be a name or an e-mail) and no parameters of a failed query (the row being written). The SQL
 * text, the error's code and constraint stay, which is what finding the fault needs.
 */

/**
 * Fields of database errors that repeat values: the parameters (drizzle's and PGlite's `params`,
 * PGlite's `queryOptions`), PostgreSQL's `detail` (`Key (email)=(…)`, `Failing row contains (…)`)
 * and its context.
 */
const VALUE_FIELDS = new Set(['params', 'parameters', 'queryOptions', 'detail', 'where', 'internalQuery']);

/** PostgreSQL ends some messages with the offending value: `invalid input syntax for type uuid: "…"`. */
const TRAILING_VALUE = /: ".*"$/s;

interface ErrorLike extends Error {
  query?: unknown;
  params?: unknown;
  cause?: unknown;
}

function safeMessage(err: ErrorLike): string {
  // drizzle writes "Failed query: <sql>\nparams: <values>" into the message itself.
  if (typeof err.query === 'string' && err.message?.startsWith('Failed query: ')) return `Failed query: ${err.query}`;
  return typeof err.message === 'string' ? err.message.replace(TRAILING_VALUE, ': "…"') : String(err.message);
}

/** A copy of an error (and its causes) without the values it carries; same type, code and stack frames. */
export function withoutValues(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 8) return err;
  const e = err as ErrorLike;
  const copy = Object.create(Object.getPrototypeOf(e) as object) as ErrorLike;
  for (const [key, value] of Object.entries(e)) {
    if (key !== 'cause' && !VALUE_FIELDS.has(key)) (copy as unknown as Record<string, unknown>)[key] = value;
  }
  const message = safeMessage(e);
  Object.defineProperty(copy, 'message', { value: message, enumerable: false, writable: true, configurable: true });
  // The stack repeats the message in its first line: swap it there too, keep the frames.
  const stack = typeof e.stack === 'string' ? e.stack : '';
  const at = typeof e.message === 'string' && e.message ? stack.indexOf(e.message) : -1;
  Object.defineProperty(copy, 'stack', {
    value: at >= 0 ? `${stack.slice(0, at)}${message}${stack.slice(at + e.message.length)}` : `${e.name}: ${message}`,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  if (e.cause !== undefined) {
    Object.defineProperty(copy, 'cause', {
      value: withoutValues(e.cause, depth + 1),
      enumerable: false,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export const LOG_SERIALIZERS = {
  req(request: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
    const [path, query] = request.url.split('?', 2);
    return {
      method: request.method,
      url: query === undefined ? path : `${path}?…`,
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
  err: (err: unknown): ReturnType<typeof pino.stdSerializers.err> => pino.stdSerializers.err(withoutValues(err) as Error),
};
