import fp from 'fastify-plugin';
import type { Database, Db } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    db: Db;
  }
}

/** Hands the opened database to the routes, and closes it last when the app closes. */
export const databasePlugin = fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate<Database>('database', database);
    app.decorate('db', database.db);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'database' },
);
