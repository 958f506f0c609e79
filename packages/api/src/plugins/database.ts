import fp from 'fastify-plugin';
import type { Database, Db } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    db: Db;
    /** The portals' directory reads: a read replica when configured, else `db` (see db/client.ts). */
    readDb: Db;
  }
}

/** Hands the opened database to the routes, and closes it last when the app closes. */
export const databasePlugin = fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate<Database>('database', database);
    app.decorate('db', database.db);
    app.decorate('readDb', database.readDb);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'database' },
);
