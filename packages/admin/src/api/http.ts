import type { z } from 'zod';
import type { FieldError, Problem } from '@euregionet/shared';

/** A failed API call, carrying the server's problem+json (or one made up for network faults). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.code);
    this.name = 'ApiError';
  }
  get code() {
    return this.problem.code;
  }
  get status() {
    return this.problem.status;
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

function clientProblem(code: string, status = 0, detail?: string): Problem {
  return { type: 'about:blank', title: code, status, code, ...(detail ? { detail } : {}) };
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

// The session's CSRF token, sent with every change; set by the session store after login.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

// Called when the server says the session is gone (expired, ended elsewhere, deactivated).
let sessionLost: (() => void) | null = null;
export function onSessionLost(callback: () => void) {
  sessionLost = callback;
}

/**
 * A schema, or a function that loads it: the request is sent at once and the schema's code
 * arrives alongside the answer, so the shell's first call need not ship zod ahead of it.
 */
export type SchemaSource<S extends z.ZodType> = S | (() => Promise<S>);

/**
 * One HTTP call to the API. The answer is checked against the shared schema, so a server that
 * drifts from the contract fails loudly here rather than somewhere in a page.
 */
export async function request<S extends z.ZodType>(
  method: Method,
  path: string,
  source: SchemaSource<S>,
  options: {
    body?: unknown;
    /** A body sent as it is (a file), with its content type. */
    raw?: { body: Blob | string; contentType: string };
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<ApiResponse<z.output<S>> & { status: number }> {
  const loading = typeof source === 'function' ? source() : Promise.resolve(source);
  // Its failure is reported with the answer below, not as an unhandled rejection meanwhile.
  loading.catch(() => undefined);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.raw ? { 'content-type': options.raw.contentType } : {}),
        ...(method !== 'GET' && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.raw ? { body: options.raw.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(clientProblem('NETWORK_ERROR'));
  }
  const etag = response.headers.get('etag');
  if (!response.ok) {
    const problem = await response.json().catch(() => undefined);
    if (response.status === 401 && problem?.code === 'UNAUTHENTICATED') sessionLost?.();
    throw new ApiError(
      problem && typeof problem.code === 'string' ? (problem as Problem) : clientProblem('UNEXPECTED_RESPONSE', response.status),
    );
  }
  const schema = await loading.catch(() => {
    throw new ApiError(clientProblem('NETWORK_ERROR'));
  });
  if (response.status === 204) return { data: schema.parse(null), etag, status: 204 };
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError(clientProblem('UNEXPECTED_RESPONSE', response.status, parsed.error.message));
  return { data: parsed.data, etag, status: response.status };
}

/** Query strings from filter objects: empty values are left out, arrays joined by commas. */
export function toQuery(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Sends a file as `multipart/form-data` (part `file`) and reports the bytes sent so far:
 * XMLHttpRequest, because fetch in browsers reports no upload progress. Answers and failures
 * become what `request` gives, so pages treat both alike.
 */
export function uploadFile<S extends z.ZodType>(
  path: string,
  file: File,
  schema: S,
  onProgress?: (sent: number, total: number) => void,
): Promise<z.output<S>> {
  const body = new FormData();
  body.append('file', file, file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError(clientProblem('NETWORK_ERROR')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      let answer: unknown;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {
        answer = undefined;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        const problem = answer as Problem | undefined;
        if (xhr.status === 401 && problem?.code === 'UNAUTHENTICATED') sessionLost?.();
        reject(new ApiError(problem && typeof problem.code === 'string' ? problem : clientProblem('UNEXPECTED_RESPONSE', xhr.status)));
        return;
      }
      const parsed = schema.safeParse(answer);
      if (parsed.success) resolve(parsed.data);
      else reject(new ApiError(clientProblem('UNEXPECTED_RESPONSE', xhr.status, parsed.error.message)));
    };
    xhr.send(body);
  });
}
