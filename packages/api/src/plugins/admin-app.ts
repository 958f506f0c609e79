import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export function adminAppAvailable(root: string | undefined): root is string {
  return root !== undefined && existsSync(join(root, 'index.html'));
}

/**
 * Serves the built admin app's files at `/`, as the brotli or gzip copies that the build wrote
 * beside them when the browser accepts one (the files themselves otherwise).
 */
export const adminAppPlugin = fp<{ root: string }>(
  async (app, { root }) => {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      // A list, not a string: @fastify/static looks up the precompressed index of `/` only in a
      // list, and with a string answered `/` as not found to every client accepting brotli or gzip.
      index: ['index.html'],
      preCompressed: true,
      setHeaders(res, path) {
        // Hashed assets never change; index.html must always be revalidated.
        void res.header('cache-control', path.includes(`${join('/', 'assets')}/`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  },
  { name: 'admin-app' },
);
