import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTestApp, json, type TestApp } from '../test/app.js';
import { openapiPlugin } from './openapi.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  operationId?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with named schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = json<{ openapi: string; components: { schemas: Record<string, unknown> } }>(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Cluster', 'ClusterCreate', 'Problem']));
  });

  it('documents the CSV and JSON bodies of imports, which the route reads as a stream', async () => {
    const doc = json<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { type: string } }> } }>>;
    }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    const content = doc.paths['/api/v1/imports/{entity}']!.post!.requestBody!.content;
    expect(content['text/csv']!.schema.type).toBe('string');
    expect(content['application/json']!.schema.type).toBe('array');
  });

  it('documents every route the API serves, with an operationId, tags and problem+json errors', async () => {
    const doc = json<{ paths: Record<string, Record<string, Operation>> }>(await t.app.inject({ method: 'GET', url: '/openapi.json' }));
    expect(t.app.apiRoutes.length).toBeGreaterThan(5);
    const faults: string[] = [];
    const operationIds = new Set<string>();
    for (const route of t.app.apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      const where = `${route.method} ${route.url}`;
      if (!op) {
        faults.push(`${where}: missing from the document`);
        continue;
      }
      if (!op.operationId) faults.push(`${where}: no operationId`);
      else if (operationIds.has(op.operationId)) faults.push(`${where}: duplicate operationId ${op.operationId}`);
      else operationIds.add(op.operationId);
      if (!op.tags?.length) faults.push(`${where}: no tags`);
      const statuses = Object.keys(op.responses ?? {});
      for (const s of ['400', '500', '503']) if (!statuses.includes(s)) faults.push(`${where}: no ${s}`);
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (Number(status) >= 400 && !response.content?.['application/problem+json'])
          faults.push(`${where}: ${status} is not problem+json`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('refuses to start with a route that lacks an operationId, tags or error responses', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(openapiPlugin);
    app.get('/api/v1/undocumented', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/GET \/api\/v1\/undocumented: no operationId[\s\S]*no tags[\s\S]*no a 400 response/);
  });
});
