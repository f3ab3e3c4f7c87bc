// Every DB test runs against embedded PGlite and, when TEST_DATABASE_URL is set, against real Postgres
// in a schema of its own (kysely's own suite loops over dialects the same way).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type OpenedDatabase, openDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<OpenedDatabase & { queueSchema: string }>;
}

export const postgresUrl = process.env.TEST_DATABASE_URL;

export const testDatabases: TestDatabase[] = [
  {
    name: 'pglite',
    async open() {
      // A database with every migration already applied (test/support/global-setup.ts).
      const template = inject('pgliteTemplate');
      const loadDataDir = template ? new Blob([fs.readFileSync(template)]) : undefined;
      const store = await openDatabase({ loadDataDir });
      await migrateToLatest(store.db);
      return { ...store, queueSchema: 'pgboss' };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: 'postgres' as const,
          async open() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const admin = new pg.Client({ connectionString: postgresUrl });
            await admin.connect();
            await admin.query(`CREATE SCHEMA ${schema}`);
            await admin.end();
            const store = await openDatabase({ databaseUrl: postgresUrl, searchPath: schema });
            await migrateToLatest(store.db, schema);
            return {
              ...store,
              queueSchema: `${schema}_boss`,
              async close() {
                await store.close();
                const c = new pg.Client({ connectionString: postgresUrl });
                await c.connect();
                await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
                await c.end();
              },
            };
          },
        },
      ]
    : []),
];
