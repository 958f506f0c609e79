import type { ErrorCode, ExistingRecord, FieldError } from '@euregionet/shared';

/**
 * A failure the client can act on. Services throw these; the error handler turns them into
 * `application/problem+json`. The code is the contract, the detail is for people.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown; existing?: ExistingRecord[] } = {},
  ) {
    super(detail ?? TITLES[status] ?? code, { cause: extra.cause });
    this.name = 'AppError';
  }
}

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const notFound = (code: ErrorCode, detail: string) => new AppError(404, code, detail);
export const conflict = (code: ErrorCode, detail: string) => new AppError(409, code, detail);

/** A change refused because the record is no longer at the version the client read (`If-Match`). */
export const changedMeanwhile = (what: string, version?: number) =>
  new AppError(
    412,
    'PRECONDITION_FAILED',
    `The ${what} was changed by someone else${version === undefined ? '' : ` (now version ${version})`}; reload it and apply your change again`,
  );

/** Unique constraints whose violation means something specific to the client. */
const UNIQUE_CONSTRAINT_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  clusters_slug_unique: { code: 'SLUG_TAKEN', detail: 'Another cluster already uses this slug' },
  users_email_unique: { code: 'EMAIL_TAKEN', detail: 'Another account already uses this e-mail address' },
  organisations_nip_unique: { code: 'ORGANISATION_DUPLICATE', detail: 'Another organisation already has this NIP' },
  organisations_krs_unique: { code: 'ORGANISATION_DUPLICATE', detail: 'Another organisation already has this KRS number' },
  organisations_register_unique: {
    code: 'ORGANISATION_DUPLICATE',
    detail: 'Another organisation already has this commercial register entry',
  },
  funding_calls_slug_unique: { code: 'FUNDING_CALL_SLUG_TAKEN', detail: 'Another funding call already uses this slug' },
  funding_calls_source_unique: {
    code: 'FUNDING_CALL_DUPLICATE',
    detail: 'Another funding call already has this source and external id',
  },
  brand_criteria_one_draft: { code: 'BRAND_CRITERIA_DRAFT_EXISTS', detail: 'A draft version of the brand criteria exists already' },
  brand_applications_one_pending: {
    code: 'BRAND_APPLICATION_PENDING',
    detail: 'This cluster has an open application already: it is decided first',
  },
  digest_subscriptions_person_unique: {
    code: 'DIGEST_SUBSCRIPTION_EXISTS',
    detail: 'This contact person has a digest subscription already: change that one',
  },
  evaluation_frameworks_one_draft: {
    code: 'FRAMEWORK_DRAFT_EXISTS',
    detail: 'This framework has a draft version already: edit or publish that one',
  },
};

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

interface PgErrorLike {
  code?: string;
  severity?: string;
  constraint?: string;
  message?: string;
}

function* causes(err: unknown): Generator<PgErrorLike> {
  let current: unknown = err;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    yield current as PgErrorLike;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Translates a database failure into a domain error, in one place: unique and foreign-key
 * violations become 409s, a lost or refused connection a 503 that tells the client to retry.
 * Returns undefined for anything that is not a known database failure.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  for (const e of causes(err)) {
    const code = e.code;
    if (code === '23505') {
      const known = e.constraint ? UNIQUE_CONSTRAINT_CODES[e.constraint] : undefined;
      return new AppError(409, known?.code ?? 'CONFLICT', known?.detail ?? 'The record conflicts with an existing one', { cause: err });
    }
    // 23001 (restrict_violation) is what PostgreSQL 18, and so PGlite, reports for ON DELETE RESTRICT.
    if (code === '23503' || code === '23001') {
      return new AppError(409, 'REFERENCE_NOT_FOUND', 'A referenced record does not exist or is still in use', { cause: err });
    }
    if (code === '57014') {
      return new AppError(503, 'QUERY_TIMEOUT', 'The query took too long; try a narrower request', {
        cause: err,
        headers: { 'retry-after': '1' },
      });
    }
    const lostConnection =
      // FATAL ends the session: a refused login, a database that does not accept connections.
      e.severity === 'FATAL' ||
      e.severity === 'PANIC' ||
      (code !== undefined &&
        (code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code) || CONNECTION_ERRNOS.has(code))) ||
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
        e.message ?? '',
      );
    if (lostConnection) {
      return new AppError(503, 'DATABASE_UNAVAILABLE', 'The database is not reachable; try again shortly', {
        cause: err,
        headers: { 'retry-after': '2' },
      });
    }
  }
  return undefined;
}
