// Applies db/migrations (on start and by `coordinator migrate`). Returns a result per migration instead
// of throwing halfway, like kysely's Migrator.
import { type Migration, type MigrationResult, Migrator } from 'kysely/migration';
import type { Db } from './db.js';
import * as m0001 from '../../db/migrations/0001_foundation.js';

// Listed in code, not read from disk, so the migrations ship with the module graph (and a bundled
// Worker build) and their order is explicit.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}
