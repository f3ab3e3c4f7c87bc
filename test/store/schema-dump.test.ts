// db/schema.sql is the committed picture of what the migrations build; it must not go stale, and the
// migrations must build the same schema on PGlite and on Postgres.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../src/store/db.js';
import { dumpSchema } from '../../src/store/schema-dump.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases)('db/schema.sql on $name', (database) => {
  let store: OpenedDatabase & { queueSchema: string };
  beforeAll(async () => {
    store = await database.open();
  });
  afterAll(async () => store?.close());

  it('matches what the migrations build (run `npm run dump-schema` after changing a migration)', async () => {
    const schema = store.connection?.searchPath ?? 'public';
    const dumped = (await dumpSchema(store.db, schema)).replaceAll(`${schema}.`, 'public.');
    expect(dumped).toBe(fs.readFileSync('db/schema.sql', 'utf8'));
  });
});
