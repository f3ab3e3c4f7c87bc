// Applies db/migrations (on start and by `coordinator migrate`). Returns a result per migration instead
// of throwing halfway, like kysely's Migrator.
import { type Migration, type MigrationResult, Migrator } from 'kysely/migration';
import type { Db } from './db.js';
import * as m0001 from '../../db/migrations/0001_foundation.js';
import * as m0002 from '../../db/migrations/0002_follow_through.js';
import * as m0003 from '../../db/migrations/0003_meetings.js';
import * as m0004 from '../../db/migrations/0004_digest.js';
import * as m0005 from '../../db/migrations/0005_mail_plumbing.js';
import * as m0006 from '../../db/migrations/0006_understanding.js';
import * as m0007 from '../../db/migrations/0007_sender_auth.js';
import * as m0008 from '../../db/migrations/0008_busy_cache.js';
import * as m0009 from '../../db/migrations/0009_signing_secret.js';
import * as m0010 from '../../db/migrations/0010_command_auth.js';
import * as m0012 from '../../db/migrations/0012_plan_confidence.js';

// Listed in code, not read from disk, so the migrations ship with the module graph (and a bundled
// Worker build) and their order is explicit.
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_follow_through': m0002,
  '0003_meetings': m0003,
  '0004_digest': m0004,
  '0005_mail_plumbing': m0005,
  '0006_understanding': m0006,
  '0007_sender_auth': m0007,
  '0008_busy_cache': m0008,
  '0009_signing_secret': m0009,
  '0010_command_auth': m0010,
  '0012_plan_confidence': m0012,
};

/**
 * `schema`: where the migration bookkeeping tables live when the connection uses a search_path other
 * than the default. Kysely checks for its tables across every schema, so without this a database whose
 * neighbouring schema already has them would skip creating its own.
 */
export async function migrateToLatest(db: Db, schema?: string): Promise<MigrationResult[]> {
  // Numbers are handed out per piece of work, so one can land after a higher one has already run.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema, allowUnorderedMigrations: true });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const what = failed ? `migration ${failed.migrationName} failed` : 'could not run the migrations';
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results;
}
