import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { apiRoute } from './api-route.js';

/*
 * What a hand-written route documents comes from its shape: the statuses a portal's developer
 * reads in the OpenAPI document, the access rule the app enforces and the If-Match header.
 */

const access = { roles: ['admin'] } as const;
const Thing = z.object({ id: z.string() });
const statuses = (route: { schema: { response: object } }) => Object.keys(route.schema.response).join(' ');

describe('apiRoute', () => {
  it('answers only the statuses of every /api route when it has no parameter, body or If-Match', () => {
    const route = apiRoute(['things'], { access, operationId: 'listThings', summary: 'Things', response: { 200: Thing } });
    expect(statuses(route)).toBe('200 400 401 403 429 500 503');
    expect(route.config).toEqual({ access: { roles: ['admin'] } });
    expect(route.schema).toMatchObject({ operationId: 'listThings', summary: 'Things', tags: ['things'] });
    expect('headers' in route.schema).toBe(false);
  });

  it('adds 404 for a path parameter, 413 and 415 for a body, and its own statuses', () => {
    const route = apiRoute(['things'], {
      access,
      operationId: 'commentThing',
      summary: 'Comment',
      params: z.object({ id: z.string() }),
      body: z.object({ text: z.string() }),
      response: { 201: Thing },
      errors: [409, 422],
    });
    expect(statuses(route)).toBe('201 400 401 403 404 409 413 415 422 429 500 503');
  });

  it('adds no 404 when every path parameter is one of a fixed list: a wrong one is a 400', () => {
    const byKind = apiRoute(['things'], {
      access,
      operationId: 'getKind',
      summary: 'A kind',
      params: z.strictObject({ kind: z.enum(['a', 'b']).meta({ description: 'Which list' }) }),
      response: { 200: Thing },
    });
    expect(statuses(byKind)).toBe('200 400 401 403 429 500 503');
    const kindAndId = apiRoute(['things'], {
      access,
      operationId: 'getKindThing',
      summary: 'A thing of a kind',
      params: z.object({ kind: z.enum(['a', 'b']), id: z.uuid() }),
      response: { 200: Thing },
    });
    expect(statuses(kindAndId)).toBe('200 400 401 403 404 429 500 503');
  });

  it('takes a streamed body as a body: 413 and 415, and the stream in config for the OpenAPI document', () => {
    const csv = { 'text/csv': { schema: { type: 'string' } } };
    const route = apiRoute(['things'], {
      access,
      operationId: 'importThings',
      summary: 'Import',
      streamedBody: csv,
      response: { 200: Thing },
      errors: [422],
    });
    expect(statuses(route)).toBe('200 400 401 403 413 415 422 429 500 503');
    expect(route.config).toEqual({ access: { roles: ['admin'] }, streamedBody: { 'text/csv': { schema: { type: 'string' } } } });
    expect('streamedBody' in route.schema).toBe(false);
  });

  it('documents If-Match with 412, and 428 only where it is required', () => {
    const params = z.object({ id: z.string() });
    const optional = apiRoute(['things'], {
      access,
      operationId: 'a',
      summary: 'A',
      params,
      ifMatch: 'optional',
      response: { 200: Thing },
    });
    const required = apiRoute(['things'], {
      access,
      operationId: 'b',
      summary: 'B',
      params,
      ifMatch: 'required',
      response: { 200: Thing },
    });
    expect(statuses(optional)).toBe('200 400 401 403 404 412 429 500 503');
    expect(statuses(required)).toBe('200 400 401 403 404 412 428 429 500 503');
    expect(Object.keys((optional.schema.headers as z.ZodObject).shape)).toEqual(['if-match']);
  });
});
