import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorsPlugin } from './plugins/errors.js';
import { recordRoutes } from './record-routes.js';

/*
 * The route builder on a record kind of its own (notes kept in a map), so that what it adds to
 * every module's routes is seen in one place: the ETag, the Location of a new record, If-Match
 * read into a version, 204 on delete, the access rule and the documented statuses.
 */

const NoteSchema = z.object({ id: z.string(), version: z.number(), text: z.string() });
type Note = z.infer<typeof NoteSchema>;
const ID = '8a6e0f3c-2b1d-4e5f-9a7b-0c1d2e3f4a5b';

const calls: unknown[][] = [];
const notes = new Map<string, Note>();
const access = { roles: ['admin'] } as const;

const plugin: FastifyPluginAsyncZod = async (app) => {
  const routes = recordRoutes(app, { path: '/notes', tags: ['notes'], record: NoteSchema });
  routes.list({
    access,
    operationId: 'listNotes',
    summary: 'Notes',
    query: z.strictObject({ q: z.string().optional() }),
    page: z.object({ items: z.array(NoteSchema) }),
    list: async (query) => {
      calls.push(['list', query]);
      return { items: [...notes.values()] };
    },
  });
  routes.create({
    access,
    operationId: 'createNote',
    summary: 'Write a note',
    body: z.strictObject({ text: z.string() }),
    create: async (_ctx, body) => {
      const note = { id: ID, version: 1, text: body.text };
      notes.set(ID, note);
      return note;
    },
  });
  routes.get({ access, operationId: 'getNote', summary: 'A note', get: async (id) => notes.get(id)! });
  routes.change({
    access,
    operationId: 'updateNote',
    summary: 'Change a note',
    body: z.strictObject({ text: z.string() }),
    change: async (_ctx, id, version, body) => {
      calls.push(['change', id, version, body]);
      const note = { id, version: version + 1, text: body.text };
      notes.set(id, note);
      return note;
    },
  });
  routes.change({
    access,
    operationId: 'archiveNote',
    summary: 'Archive a note',
    method: 'POST',
    action: 'archive',
    // Its own status besides those of the shape; it replaces the kind's 409.
    errors: [422],
    change: async (_ctx, id, version) => {
      calls.push(['archive', id, version]);
      return { ...notes.get(id)!, version: version + 1 };
    },
  });
  routes.change({
    access,
    operationId: 'pinNote',
    summary: 'Pin a note',
    method: 'POST',
    action: 'pin',
    optionalIfMatch: true,
    change: async (_ctx, id, version) => {
      calls.push(['pin', id, version]);
      return notes.get(id)!;
    },
  });
  routes.remove({
    access,
    operationId: 'deleteNote',
    summary: 'Delete a note',
    deleted: 'Gone',
    remove: async (_ctx, id) => calls.push(['remove', id]),
  });
  routes.restore({ access, operationId: 'restoreNote', summary: 'Restore a note', restore: async (_ctx, id) => notes.get(id)! });
};

let app: FastifyInstance;
const registered: RouteOptions[] = [];

beforeAll(async () => {
  app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRoute', (route) => void registered.push(route));
  await app.register(errorsPlugin);
  await app.register(plugin, { prefix: '/api/v1' });
  await app.ready();
});
afterAll(() => app.close());

const url = (path: string) => `/api/v1/notes${path}`;

describe('the routes of a record kind', () => {
  it('answers a new record with 201, its Location and its ETag', async () => {
    const res = await app.inject({ method: 'POST', url: url(''), payload: { text: 'Erstes Treffen in Słubice' } });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/notes/${ID}`);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.json()).toEqual({ id: ID, version: 1, text: 'Erstes Treffen in Słubice' });
  });

  it('reads one record with its ETag, and a page with the query', async () => {
    const one = await app.inject({ method: 'GET', url: url(`/${ID}`) });
    expect([one.statusCode, one.headers.etag]).toEqual([200, '"v1"']);
    const page = await app.inject({ method: 'GET', url: url('?q=Treffen') });
    expect(page.statusCode).toBe(200);
    expect(calls.at(-1)).toEqual(['list', { q: 'Treffen' }]);
  });

  it('refuses a change without If-Match (428) before the service sees it, and hands the version on', async () => {
    const before = calls.length;
    const missing = await app.inject({ method: 'PATCH', url: url(`/${ID}`), payload: { text: 'x' } });
    expect([missing.statusCode, missing.json().code]).toEqual([428, 'PRECONDITION_REQUIRED']);
    const foreign = await app.inject({ method: 'PATCH', url: url(`/${ID}`), headers: { 'if-match': '"abc"' }, payload: { text: 'x' } });
    expect(foreign.statusCode).toBe(412);
    expect(calls.length).toBe(before);

    const res = await app.inject({
      method: 'PATCH',
      url: url(`/${ID}`),
      headers: { 'if-match': '"v1"' },
      payload: { text: 'Zweites Treffen' },
    });
    expect([res.statusCode, res.headers.etag]).toEqual([200, '"v2"']);
    expect(calls.at(-1)).toEqual(['change', ID, 1, { text: 'Zweites Treffen' }]);
  });

  it('takes an action without a body at its own path', async () => {
    const res = await app.inject({ method: 'POST', url: url(`/${ID}/archive`), headers: { 'if-match': 'W/"v2"' } });
    expect([res.statusCode, res.headers.etag]).toEqual([200, '"v3"']);
    expect(calls.at(-1)).toEqual(['archive', ID, 2]);
  });

  it('takes a change whose If-Match is optional without one, and still refuses a malformed one', async () => {
    const without = await app.inject({ method: 'POST', url: url(`/${ID}/pin`) });
    expect(without.statusCode).toBe(200);
    expect(calls.at(-1)).toEqual(['pin', ID, undefined]);
    const withIt = await app.inject({ method: 'POST', url: url(`/${ID}/pin`), headers: { 'if-match': '"v2"' } });
    expect(withIt.statusCode).toBe(200);
    expect(calls.at(-1)).toEqual(['pin', ID, 2]);
    const before = calls.length;
    const foreign = await app.inject({ method: 'POST', url: url(`/${ID}/pin`), headers: { 'if-match': '"abc"' } });
    expect([foreign.statusCode, foreign.json().code]).toEqual([412, 'PRECONDITION_FAILED']);
    expect(calls.length).toBe(before);
  });

  it('deletes with 204 and no body, and restores with the ETag', async () => {
    const gone = await app.inject({ method: 'DELETE', url: url(`/${ID}`) });
    expect([gone.statusCode, gone.body]).toEqual([204, '']);
    expect(calls.at(-1)).toEqual(['remove', ID]);
    const back = await app.inject({ method: 'POST', url: url(`/${ID}/restore`) });
    expect([back.statusCode, back.headers.etag]).toEqual([200, '"v2"']);
  });

  it('declares the access rule, the operationId and the error statuses of each kind', () => {
    const declared = registered
      .filter((r) => r.method !== 'HEAD')
      .map((r) => {
        const schema = r.schema as { operationId: string; tags: string[]; response: Record<string, unknown> };
        return [r.method, r.url, schema.operationId, r.config?.access, schema.tags, Object.keys(schema.response).join(' ')];
      });
    const always = '400 401 403 429 500 503';
    expect(declared).toEqual([
      ['GET', '/api/v1/notes', 'listNotes', access, ['notes'], `200 ${always}`],
      ['POST', '/api/v1/notes', 'createNote', access, ['notes'], '201 400 401 403 409 413 415 429 500 503'],
      ['GET', '/api/v1/notes/:id', 'getNote', access, ['notes'], '200 400 401 403 404 429 500 503'],
      ['PATCH', '/api/v1/notes/:id', 'updateNote', access, ['notes'], '200 400 401 403 404 409 412 413 415 428 429 500 503'],
      ['POST', '/api/v1/notes/:id/archive', 'archiveNote', access, ['notes'], '200 400 401 403 404 412 422 428 429 500 503'],
      // Without a body nothing answers 413 or 415; an optional If-Match is never missing (no 428).
      ['POST', '/api/v1/notes/:id/pin', 'pinNote', access, ['notes'], '200 400 401 403 404 409 412 429 500 503'],
      ['DELETE', '/api/v1/notes/:id', 'deleteNote', access, ['notes'], '204 400 401 403 404 429 500 503'],
      ['POST', '/api/v1/notes/:id/restore', 'restoreNote', access, ['notes'], '200 400 401 403 404 429 500 503'],
    ]);
  });
});
